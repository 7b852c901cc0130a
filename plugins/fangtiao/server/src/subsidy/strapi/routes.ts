import { routesOf } from '../../utils/routes';

const route = routesOf('subsidy');

/** 以案定补: the month's ledger (`?month=YYYY-MM&committee=<documentId>`) and its XLSX. */
export const subsidyRoutes = {
  type: 'content-api',
  prefix: '',
  routes: [route('GET', '/subsidies', 'ledger'), route('GET', '/subsidies/export', 'export')],
};
