/** The shell's hooks live in src/client/react (offered to embedders too); kept here for existing imports. */
export { useInPage, useServiceStatus, type LiveStatus } from '../client/react';
