import type { FC } from 'hono/jsx';
import { href, messages, type Lang } from '../i18n.js';
import { Breadcrumbs, Layout } from '../components/layout.js';
import { a11yModes } from '../a11y-prefs.js';
import { a11yText } from '../a11y-messages.js';

const text = {
  zh: {
    title: '无障碍与适老化说明',
    intro: '本平台按照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019）和网站适老化改造要求设计。每个页面顶部都有无障碍工具栏，所有功能都可以只用键盘操作。',
    toolbarHead: '无障碍工具栏',
    toolbarText: '工具栏在每个页面的最上方。按钮按下（再次点击即取消）后立即生效，选择保存在本站的 Cookie（kaifang_a11y）中，打开其他页面时仍然有效，并在服务器端直接应用，页面不会闪烁。不开启 JavaScript 也能使用除语音辅助以外的所有功能。',
    modeRows: {
      large: '全部文字放大到 150%，页面随之重新排版，宽度 1280 像素的屏幕上不会出现横向滚动条。',
      contrast: '黑色背景、白色文字、黄色链接，所有文字的对比度不低于 7:1；获得焦点的元素有青色粗边框。',
      spacing: '加大行距、字距和段落间距，并换用笔画清晰的无衬线字体（思源黑体 Noto Sans SC）。',
      cursor: '鼠标指针放大为约两倍大小。',
      speech: '开启后，键盘焦点移到的元素或鼠标停留的元素会被朗读（先读名称，再读文字），中文页面用中文语音，英文页面用英文语音；可选择语速慢、中、快。',
    },
    resetText: '“重置”恢复默认显示。',
    speechHead: '语音辅助的说明',
    speechText: '语音辅助使用浏览器自带的语音合成（Web Speech API），不把任何内容发送到服务器。它需要 JavaScript；关闭 JavaScript 时工具栏不显示这个按钮。如果浏览器不支持语音合成，或者系统里没有当前页面语言的语音，工具栏会直接说明“无法朗读”，而不是假装在朗读。这时可以在操作系统中安装中文语音，或者使用读屏软件（如 NVDA、讲述人、VoiceOver、争渡读屏），本站的页面结构和标签都适合读屏软件。',
    keysHead: '键盘快捷键',
    keysIntro: '按 Tab 键依次经过链接、按钮和输入框；每个页面的第一个链接是“跳到主要内容”，第二个是“跳到搜索”。页面分为页头（banner）、导航（navigation）、搜索（search）、主要内容（main）和页脚（contentinfo）几个区域，读屏软件可以用区域跳转键在它们之间移动。',
    keyCol: '按键',
    actionCol: '作用',
    keys: [
      ['Alt + 1', '跳到主要内容'],
      ['Alt + 2', '跳到站内搜索框'],
      ['Alt + 0', '打开本说明页'],
    ],
    keysNote: 'Linux 上的浏览器用 Alt + 1 至 Alt + 8 切换标签页，本站不占用它们：请改按 Alt + Shift + 1、Alt + Shift + 2、Alt + Shift + 0（在任何系统上都可以这样按）。macOS 上在输入框里按 Option + 数字会输入符号，本站也不拦截。这些快捷键需要 JavaScript；没有 JavaScript 时请使用“跳到”链接。',
    browserHead: '浏览器自带的放大',
    browserText: '本站的文字大小都以浏览器的默认字号为基准（没有固定像素字号），所以在浏览器设置中调大默认字号，或按 Ctrl 和加号放大页面，都会让全部文字一起变大。',
    fontHead: '字体',
    fontText: '本站优先使用您电脑上已有的中文字体；如果没有，浏览器会从本站下载思源黑体（Noto Sans SC）中页面实际用到的那一部分字符（按 unicode-range 分片的 woff2 文件），不会从其他网站加载字体。',
    contactHead: '反馈',
    contactText: '如果您在使用中遇到障碍，请通过数据需求页面告诉我们。',
    demand: '数据需求',
  },
  en: {
    title: 'Accessibility',
    intro: 'The portal follows China\'s web accessibility standard GB/T 37668-2019 and the national rules for elder-friendly websites. Every page has an accessibility toolbar at the top, and everything works with the keyboard alone.',
    toolbarHead: 'The accessibility toolbar',
    toolbarText: 'The toolbar sits at the top of every page. A pressed button takes effect at once (press it again to turn it off); your choices are kept in a cookie of this site (kaifang_a11y), stay on as you move between pages, and are applied by the server, so pages do not flash. Everything except read aloud also works without JavaScript.',
    modeRows: {
      large: 'All text at 150%; the layout reflows, with no sideways scrolling on a 1280-pixel-wide screen.',
      contrast: 'White text and yellow links on black, every text at a contrast of at least 7:1; the focused element has a thick cyan outline.',
      spacing: 'More space between lines, letters and paragraphs, and a plain sans-serif font (Noto Sans SC).',
      cursor: 'A mouse pointer about twice the usual size.',
      speech: 'When on, whatever gets the keyboard focus or sits under the mouse is read aloud (its name, then its text), in Chinese on Chinese pages and in English on English pages, slow, normal or fast.',
    },
    resetText: 'Reset goes back to the default display.',
    speechHead: 'About read aloud',
    speechText: 'Read aloud uses the browser\'s own speech synthesis (the Web Speech API); nothing is sent to the server. It needs JavaScript: without it the toolbar does not show the button. When the browser has no speech synthesis, or no voice for the page\'s language, the toolbar says that it cannot read aloud instead of pretending to. Install a voice in the operating system, or use a screen reader (NVDA, Narrator, VoiceOver…): the pages\' structure and labels are made for them.',
    keysHead: 'Keyboard shortcuts',
    keysIntro: 'Tab moves through links, buttons and fields; the first link of every page is "Skip to main content", the second "Skip to search". Pages are divided into landmarks (banner, navigation, search, main, contentinfo) that screen readers can jump between.',
    keyCol: 'Keys',
    actionCol: 'Does',
    keys: [
      ['Alt + 1', 'Go to the main content'],
      ['Alt + 2', 'Go to the site search box'],
      ['Alt + 0', 'Open this help page'],
    ],
    keysNote: 'Browsers on Linux switch tabs with Alt + 1 to Alt + 8 and the portal leaves those alone: press Alt + Shift + 1, Alt + Shift + 2, Alt + Shift + 0 instead (this works on every system). On macOS, Option + a digit in a text field types a symbol, and the portal does not take it over either. The shortcuts need JavaScript; without it, use the skip links.',
    browserHead: 'The browser\'s own zoom',
    browserText: 'Every text size on the portal follows the browser\'s default font size (no fixed pixel sizes), so a larger default font in the browser\'s settings, or zooming with Ctrl and plus, makes all text larger.',
    fontHead: 'Fonts',
    fontText: 'The portal uses the Chinese fonts already on your computer; where there are none, the browser fetches from this site only the parts of Noto Sans SC that the page needs (woff2 files split by unicode-range). No font comes from another site.',
    contactHead: 'Feedback',
    contactText: 'If something stands in your way, tell us on the data requests board.',
    demand: 'Data requests',
  },
} as const;

/** The help page for the toolbar, the modes, read aloud and the keyboard shortcuts (linked from toolbar and footer). */
export const AccessibilityPage: FC<{ lang: Lang; url: string }> = ({ lang, url }) => {
  const t = text[lang];
  const bar = a11yText[lang];
  return (
    <Layout meta={{ lang, url, title: t.title, section: 'none', description: t.intro }}>
      <div class="container a11y-help">
        <Breadcrumbs lang={lang} items={[{ label: messages[lang].navHome, to: href(lang, '/') }, { label: t.title }]} />
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
        <h2 id="toolbar">{t.toolbarHead}</h2>
        <p>{t.toolbarText}</p>
        <dl class="a11y-modes">
          {a11yModes.map((mode) => (
            <div>
              <dt>{bar.modes[mode]}</dt>
              <dd>{t.modeRows[mode]}</dd>
            </div>
          ))}
        </dl>
        <p>{t.resetText}</p>
        <h2 id="speech">{t.speechHead}</h2>
        <p>{t.speechText}</p>
        <h2 id="keys">{t.keysHead}</h2>
        <p>{t.keysIntro}</p>
        <div class="table-scroll" role="region" aria-labelledby="keys" tabindex={0}>
          <table class="meta-table">
            <thead>
              <tr>
                <th scope="col">{t.keyCol}</th>
                <th scope="col">{t.actionCol}</th>
              </tr>
            </thead>
            <tbody>
              {t.keys.map(([keys, action]) => (
                <tr>
                  <th scope="row">
                    <kbd>{keys}</kbd>
                  </th>
                  <td>{action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>{t.keysNote}</p>
        <h2 id="zoom">{t.browserHead}</h2>
        <p>{t.browserText}</p>
        <h2 id="fonts">{t.fontHead}</h2>
        <p>{t.fontText}</p>
        <h2 id="feedback">{t.contactHead}</h2>
        <p>
          {t.contactText} <a href={href(lang, '/demand')}>{t.demand}</a>
        </p>
      </div>
    </Layout>
  );
};
