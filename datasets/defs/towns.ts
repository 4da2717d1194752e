import { districts, townStem } from '../gen/places.js';

export interface TownRow {
  district: string;
  town: string;
  stem: string;
  urban: boolean;
}

export const townRows: TownRow[] = districts.flatMap((d) =>
  d.towns.map((town) => ({ district: d.name, town, stem: townStem(town), urban: town.endsWith('街道') })),
);

/** Towns and townships, without the urban subdistricts (街道). */
export const ruralTownRows = townRows.filter((t) => !t.urban);

/** Field lines placing one row in each town: `town` cycles through the towns, `district` follows it. */
export const townFieldsFor = (rows: TownRow[]) => [
  `town|乡镇（街道）|Town or subdistrict|string!|cycle:${rows.map((t) => t.town).join(',')}|所在乡镇或街道`,
  `district|所属区县|District|string!|map:@town,${rows.map((t) => t.district).join('/')}|所在区县`,
];

export const townFields = townFieldsFor(townRows);
