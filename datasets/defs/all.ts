import type { DatasetDef } from './types.js';
import { ndrcScience } from './ndrc-science.js';
import { educationCivil } from './education-civil.js';
import { industryCommerce } from './industry-commerce.js';
import { securityJustice } from './security-justice.js';
import { financeHrss } from './finance-hrss.js';
import { landHousing } from './land-housing.js';
import { urbanTransport } from './urban-transport.js';
import { environmentWater } from './environment-water.js';
import { agricultureForestry } from './agriculture-forestry.js';
import { meteorology } from './meteorology.js';
import { cultureHealth } from './culture-health.js';
import { medsecStats } from './medsec-stats.js';
import { marketRegulation } from './market-regulation.js';
import { taxation } from './taxation.js';
import { emergencyFund } from './emergency-fund.js';
import { dataVeterans } from './data-veterans.js';

/** Every dataset definition; resource codes are numbered per department in this order. */
export const allDefs: DatasetDef[] = [
  ...ndrcScience,
  ...educationCivil,
  ...industryCommerce,
  ...securityJustice,
  ...financeHrss,
  ...landHousing,
  ...urbanTransport,
  ...environmentWater,
  ...agricultureForestry,
  ...meteorology,
  ...cultureHealth,
  ...medsecStats,
  ...marketRegulation,
  ...taxation,
  ...emergencyFund,
  ...dataVeterans,
];
