import type { DatasetDef } from './types.js';
import { ndrcScience } from './ndrc-science.js';
import { educationCivil } from './education-civil.js';
import { industryCommerce } from './industry-commerce.js';
import { securityJustice } from './security-justice.js';
import { financeHrss } from './finance-hrss.js';
import { landHousing } from './land-housing.js';
import { urbanTransport } from './urban-transport.js';
import { environmentWater } from './environment-water.js';
import { agriForestWeather } from './agri-forest-weather.js';
import { cultureHealth } from './culture-health.js';
import { medsecStats } from './medsec-stats.js';
import { marketTax } from './market-tax.js';
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
  ...agriForestWeather,
  ...cultureHealth,
  ...medsecStats,
  ...marketTax,
  ...emergencyFund,
  ...dataVeterans,
];
