// Search engines and feed readers: sitemap, robots.txt and Atom feeds of versions.
export { feedsRoutes } from './feeds.routes.js';
export { atomMediaType } from './atom.js';
