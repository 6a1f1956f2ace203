// @rtio/server: arrives with issue 3.
export const RTIO_SERVER_PLACEHOLDER = true;
