/**
 * The one name for "which upstream servers may this caller reach", used from the token store up
 * to the upstream session. Lives in config because every layer that carries it may import config.
 */

/** Upstream server names a caller may reach; null means every configured upstream. */
export type UpstreamScope = readonly string[] | null;
