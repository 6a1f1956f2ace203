// @rtio/client: arrives with issue 4.
export const RTIO_CLIENT_PLACEHOLDER = true;
