/** Dates as the downloads pages show them: the web layer's formatter; sizes come from web/format-bytes.ts. */
export { formatDateTime } from '../web/i18n/index.ts';
