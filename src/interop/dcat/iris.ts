// The IRIs of the catalog's resources: each is the URL of its page on the portal, so it dereferences (content negotiation).
export type Site = { origin: string };

export const catalogIri = (s: Site) => `${s.origin}/catalog`;
export const pageIri = (s: Site, page: number) => `${s.origin}/catalog?page=${page}`;
export const datasetIri = (s: Site, id: string) => `${s.origin}/datasets/${encodeURIComponent(id)}`;
export const versionIri = (s: Site, id: string, n: number) => `${datasetIri(s, id)}/versions/${n}`;
export const agentIri = (s: Site, departmentId: string) => `${s.origin}/departments/${encodeURIComponent(departmentId)}`;
export const themeSchemeIri = (s: Site) => `${s.origin}/catalog#themes`;
export const themeIri = (s: Site, themeId: string) => `${s.origin}/catalog#theme-${encodeURIComponent(themeId)}`;
export const placeIri = (s: Site, spatial: string) => `${s.origin}/catalog#place-${encodeURIComponent(spatial)}`;
