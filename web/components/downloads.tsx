import type { FC } from 'hono/jsx';
import { type ArtifactInfo, artifactUrl, type ArtifactKey } from '../../src/versions/index.js';
import { messages, type Lang } from '../i18n.js';
import { humanBytes } from '../format.js';

/** The order people look for them: the spreadsheet files first (CSV for Excel, XLSX), then the files for programs. */
export const shownArtifacts: ArtifactKey[] = ['csv_bom', 'xlsx', 'csv', 'json', 'ndjson'];

const mediaTypes: Record<ArtifactKey, string> = {
  csv: 'text/csv',
  csv_bom: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
};

/** Plain links (`download` attribute, no JavaScript): big files stream straight from the server. */
export const DownloadButtons: FC<{ lang: Lang; datasetId: string; n: number; artifacts: Record<string, ArtifactInfo> }> = ({ lang, datasetId, n, artifacts }) => {
  const m = messages[lang];
  return (
    <ul class="downloads">
      {shownArtifacts.map((key) => {
        const size = artifacts[key]?.bytes;
        const label = m.dl[key] ?? key;
        return (
          <li>
            <a class={key === shownArtifacts[0] ? 'download download-primary' : 'download'} href={artifactUrl(datasetId, n, key)} type={mediaTypes[key]} download>
              <span class="visually-hidden">{m.dlPrefix(n)}</span>
              <span class="download-format">{label}</span>
              {size !== undefined ? <span class="download-size"> {humanBytes(size)}</span> : null}
            </a>
          </li>
        );
      })}
    </ul>
  );
};
