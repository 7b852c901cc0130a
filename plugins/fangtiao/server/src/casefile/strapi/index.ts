import caseFileService from './service';

export { caseFile } from './schema';
export { caseFileController } from './controller';
export { caseFileRoutes } from './routes';
export const caseFileServices = { 'case-file': caseFileService };
