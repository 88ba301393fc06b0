package io.fluxlit.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static io.fluxlit.config.AddressParsers.*;
import static io.fluxlit.config.SettingParsers.*;

/**
 * One user-facing setting: its environment variable, settings-file key, default, meaning and the
 * type its value is parsed to.
 *
 * <p>The constants below are every setting, and the single source for names and defaults. Each is
 * named exactly like its environment variable, so a grep for one finds the other, and carries its
 * type ({@code Setting<Integer>}), so a read needs no cast. The key in {@code conf/fluxlit.json} is
 * derived from the variable ({@link #confKey()}), so a new setting needs no second name. Each entry
 * carries the parser that checks its value, and {@code docs/configuration.md} is tested against
 * {@link #values()}, so the two cannot drift. A new setting is one more {@code define(...)} line here.
 *
 * @param <T> the type of its parsed value
 */
public final class Setting<T> {

  // Filled by define() in declaration order; declared before the constants so that it exists when they are.
  private static final List<Setting<?>> ALL = new ArrayList<>();

  public static final Setting<String> FLUXLIT_GATEWAY_HOST = define("FLUXLIT_GATEWAY_HOST", "127.0.0.1", "--host", nonBlank(),
    "Address the public HTTP server binds to. Use 0.0.0.0 in containers.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_PORT = define("FLUXLIT_GATEWAY_PORT", "8000", "--port", wholeNumber(0, 65535),
    "Public port (0 picks a free port; the chosen one is logged).");
  public static final Setting<Integer> FLUXLIT_GATEWAY_INSTANCES = define("FLUXLIT_GATEWAY_INSTANCES", "", null, perCore(1, 1024),
    "Gateway verticle instances, one per event loop. Empty = one per CPU core.");
  public static final Setting<String> FLUXLIT_GATEWAY_TRANSPORT = define("FLUXLIT_GATEWAY_TRANSPORT", "auto", null, oneOf("auto", "io_uring", "epoll", "nio"),
    "Netty transport: auto (epoll, else io_uring, else NIO), io_uring, epoll or nio. One that"
      + " cannot run here falls back to the next (epoll, then NIO), logged once.");
  public static final Setting<String> FLUXLIT_API_MOUNT_PATH = define("FLUXLIT_API_MOUNT_PATH", "/api", null, apiMount(),
    "Path prefix answered by the API verticle. Normalised: leading /, no trailing /, empty = /api.");
  public static final Setting<String> FLUXLIT_ROOT_PATH = define("FLUXLIT_ROOT_PATH", "", null, rootPath(),
    "Public sub-path (e.g. /myapp) when a proxy serves FluxLit below a prefix. Requests with the"
      + " prefix or with it already stripped both work; Streamlit always gets prefixed paths.");
  public static final Setting<List<String>> FLUXLIT_STREAMLIT_UPSTREAM = define("FLUXLIT_STREAMLIT_UPSTREAM", "", null, upstreamUrls(),
    "URL of an external Streamlit server (http://host:port), or a comma-separated list of them, which"
      + " form a pool with session affinity (docs/scaling.md). Empty and no app = no upstream.");
  public static final Setting<String> FLUXLIT_STREAMLIT_UPSTREAM_FILE = define("FLUXLIT_STREAMLIT_UPSTREAM_FILE", "", null, text(),
    "File holding the upstream URL; when the file exists and is non-empty it wins over"
      + " FLUXLIT_STREAMLIT_UPSTREAM. Read once at start.");
  public static final Setting<String> FLUXLIT_STREAMLIT_APP = define("FLUXLIT_STREAMLIT_APP", "", "run APP.py", text(),
    "Streamlit script to run as a managed sidecar on a free loopback port.");
  public static final Setting<String> FLUXLIT_STREAMLIT_PYTHON = define("FLUXLIT_STREAMLIT_PYTHON", "", null, text(),
    "Python interpreter for the sidecar. Empty = .venv/bin/python when present, else python3.");
  public static final Setting<List<String>> FLUXLIT_STREAMLIT_RUN_CLI_ARGS = define("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", "", null, streamlitArgs(),
    "Extra `streamlit run` arguments, a JSON list or space-separated; --server.port,"
      + " --server.address and --server.baseUrlPath are refused.");
  public static final Setting<Integer> FLUXLIT_STREAMLIT_WORKERS = define("FLUXLIT_STREAMLIT_WORKERS", "1", "--workers", perCoreWord("auto", 1, 64),
    "Managed Streamlit processes (workers) behind the one port, each on its own loopback port, with"
      + " session affinity (docs/scaling.md). auto = one per CPU core.");
  public static final Setting<Integer> FLUXLIT_STREAMLIT_MIN_READY_WORKERS = define("FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "1", null, wholeNumber(1, 64),
    "Workers that must be up for /api/readyz to answer 200.");
  public static final Setting<Long> FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S = define("FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S", "300", null, secondsAsMillis(true),
    "Seconds a replaced worker keeps its open sessions during a rolling reload (SIGHUP or the `reload`"
      + " command) before it is stopped.");
  public static final Setting<Integer> FLUXLIT_STREAMLIT_PORT = define("FLUXLIT_STREAMLIT_PORT", "0", null, wholeNumber(0, 65535),
    "Port of the `worker` command's Streamlit, on FLUXLIT_CLUSTER_HOST; fix it so that a firewall between"
      + " the hosts allows one port (docs/scaling.md). 0 = a free port. `run` ignores it: its workers take"
      + " free loopback ports, and a rolling reload runs two side by side.");
  public static final Setting<Long> FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S = define("FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S", "60", null, secondsAsMillis(false),
    "Seconds to wait for the sidecar's /_stcore/health before giving up.");
  public static final Setting<Long> FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S = define("FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S", "30", null, secondsAsMillis(false),
    "Seconds to connect to Streamlit (or to wait for a free pooled connection) before answering 504.");
  public static final Setting<Long> FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S = define("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "120", null, secondsAsMillis(false),
    "Seconds of upstream silence (between bytes, not in total) before answering 504.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_UPSTREAM_KEEPALIVE_TIMEOUT_S = define("FLUXLIT_GATEWAY_UPSTREAM_KEEPALIVE_TIMEOUT_S", "4", null, wholeNumber(0, 86_400),
    "Whole seconds an idle pooled connection to Streamlit is kept for reuse. Keep it below the upstream's own"
      + " keep-alive timeout (Uvicorn's 5 s for Streamlit 1.64): a connection the upstream closes just as it is"
      + " reused fails its request. 0 = until the upstream closes it.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS = define("FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS", "", null, wholeNumberOrBlank(1, 100_000),
    "Keep-alive connection pool size to Streamlit, per gateway instance. Empty ="
      + " FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS (for the whole process) when that is above 0, else 64.");
  // Client-facing HTTP protections (docs/security.md), parsed into EdgeSettings.
  public static final Setting<Long> FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S = define("FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S", "20", null, secondsAsMillis(true),
    "Seconds a client gets to send a whole request head (every request of a keep-alive connection);"
      + " later gets 408 and the connection is closed. Also the longest gap allowed in a request body (the connection is closed). 0 = no limit.");
  public static final Setting<Long> FLUXLIT_GATEWAY_IDLE_TIMEOUT_S = define("FLUXLIT_GATEWAY_IDLE_TIMEOUT_S", "60", null, secondsAsMillis(true),
    "Seconds an HTTP connection with no request in flight stays open. WebSocket sessions are not"
      + " affected (pings govern them). 0 = no limit.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP = define("FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP", "0", null, wholeNumber(0, 1_000_000),
    "Most HTTP exchanges proxied to Streamlit at once, per process (the whole exchange, body to last"
      + " byte); /api and WebSockets are not counted. 0 = unlimited.");
  public static final Setting<Long> FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S = define("FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S", "10", null, secondsAsMillis(true),
    "Seconds a request waits for a free place under FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP"
      + " before it gets 503 with Retry-After. 0 = no wait.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS = define("FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "0", null, wholeNumber(0, 100_000),
    "The Python FluxLit's name for the upstream pool size, with its meaning: a cap for the whole process, one"
      + " pool all gateway instances share. Used when FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS is empty and"
      + " this is above 0.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_HTTPX_MAX_KEEPALIVE_CONNECTIONS = define("FLUXLIT_GATEWAY_HTTPX_MAX_KEEPALIVE_CONNECTIONS", "0", null, wholeNumber(0, 100_000),
    "The Python FluxLit's keep-alive cap, accepted for existing configurations (a whole number >= 0); every"
      + " pooled connection is kept alive, so it changes nothing.");
  public static final Setting<Boolean> FLUXLIT_ENABLE_SECURITY_HEADERS = define("FLUXLIT_ENABLE_SECURITY_HEADERS", "true", null, flag(),
    "nosniff, Referrer-Policy, the framing policy and (public https only) HSTS on API and gateway"
      + " responses, and on Streamlit responses that set none themselves.");
  public static final Setting<String> FLUXLIT_FRAME_ANCESTORS = define("FLUXLIT_FRAME_ANCESTORS", "'self'", null, frameAncestors(),
    "Who may embed the pages in a frame: CSP frame-ancestors sources, space-separated, e.g."
      + " 'self' https://portal.example; * = anyone, 'none' = no one.");
  public static final Setting<List<String>> FLUXLIT_CORS_ALLOW_ORIGINS = define("FLUXLIT_CORS_ALLOW_ORIGINS", "", null, corsOrigins(),
    "Origins allowed to call the API cross-site: a JSON list or comma-separated, or *. Empty = CORS off.");
  public static final Setting<Boolean> FLUXLIT_CORS_ALLOW_CREDENTIALS = define("FLUXLIT_CORS_ALLOW_CREDENTIALS", "false", null, flag(),
    "Allow cookies and credentials on cross-site API calls (not with FLUXLIT_CORS_ALLOW_ORIGINS=*).");
  public static final Setting<Long> FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES = define("FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES", "0", null, atLeast(0),
    "Largest request body proxied to Streamlit; larger gets 413 without contacting it. 0 = unlimited.");
  public static final Setting<Boolean> FLUXLIT_GATEWAY_COMPRESSION = define("FLUXLIT_GATEWAY_COMPRESSION", "true", null, flag(),
    "Compress text responses in the browser's best of br, zstd, gzip (never media, ranges, encoded bodies).");
  public static final Setting<Boolean> FLUXLIT_GATEWAY_ASSET_CACHE = define("FLUXLIT_GATEWAY_ASSET_CACHE", "true", null, flag(),
    "Keep Streamlit's immutable bundles in memory per build, compressed once, and answer them and 304s.");
  public static final Setting<Long> FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES = define("FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES", "67108864", null, atLeast(1),
    "Most bytes the asset cache holds, every coding counted; least recently used first.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES = define("FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES", "209715200", null, wholeNumber(1, Integer.MAX_VALUE),
    "Largest WebSocket message or frame relayed, both directions (Streamlit's own default, 200 MiB).");
  public static final Setting<Long> FLUXLIT_GATEWAY_WS_OPEN_TIMEOUT_S = define("FLUXLIT_GATEWAY_WS_OPEN_TIMEOUT_S", "30", null, secondsAsMillis(false),
    "Seconds for the upstream WebSocket handshake before the upgrade is answered 504.");
  public static final Setting<Long> FLUXLIT_GATEWAY_WS_PING_INTERVAL_S = define("FLUXLIT_GATEWAY_WS_PING_INTERVAL_S", "20", null, secondsAsMillis(true),
    "Seconds between pings the gateway sends to both WebSocket peers. 0 = no pings.");
  // WebSocket liveness, origin and admission (docs/architecture.md#the-websocket-hop): one block.
  public static final Setting<Long> FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S = define("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "20", null, secondsAsMillis(true),
    "Seconds a WebSocket peer (browser or Streamlit) has to answer a ping before its session is closed"
      + " (the browser gets 1011 when Streamlit went silent). 0 = never close for a missing answer.");
  public static final Setting<Long> FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S = define("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "10", null, secondsAsMillis(false),
    "Seconds a WebSocket close handshake may take on either side before the TCP connection is dropped.");
  public static final Setting<AllowedOrigins> FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS = define("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "", null, allowedOrigins(),
    "Comma-separated origins (https://host[:port]) allowed to open WebSockets besides the gateway's own"
      + " public origin; * allows every origin. Other browser origins get 403.");
  public static final Setting<Boolean> FLUXLIT_GATEWAY_WS_COMPRESSION = define("FLUXLIT_GATEWAY_WS_COMPRESSION", "off", null, flag(),
    "Accept a browser's offer of WebSocket compression (permessage-deflate) and deflate every Streamlit"
      + " message towards it: fewer bytes on a slow link (a rerun showing a 1,000-row table: 4.3 times fewer), more gateway CPU"
      + " per message (docs/performance.md#websocket-compression). Off = frames pass as Streamlit sent them.");
  public static final Setting<Integer> FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL = define("FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL", "1", null, wholeNumber(1, 9),
    "Deflate level when FLUXLIT_GATEWAY_WS_COMPRESSION is on: 1 (fastest) to 9 (smallest).");
  public static final Setting<Integer> FLUXLIT_GATEWAY_MAX_WEBSOCKETS = define("FLUXLIT_GATEWAY_MAX_WEBSOCKETS", "0", null, wholeNumber(0, 10_000_000),
    "Most WebSocket sessions open at once (per gateway process); further upgrades get 503. 0 = unlimited.");
  public static final Setting<Boolean> FLUXLIT_STREAMLIT_XSRF_PROTECTION = define("FLUXLIT_STREAMLIT_XSRF_PROTECTION", "true", null, flag(),
    "Keep the managed Streamlit's XSRF protection on; false passes --server.enableXsrfProtection false"
      + " as the Python FluxLit does.");
  public static final Setting<Boolean> FLUXLIT_TRUST_PROXY = define("FLUXLIT_TRUST_PROXY", "false", null, flag(),
    "Trust X-Forwarded-For/-Proto from peers listed in FLUXLIT_FORWARDED_ALLOW_IPS.");
  public static final Setting<TrustedProxies> FLUXLIT_FORWARDED_ALLOW_IPS = define("FLUXLIT_FORWARDED_ALLOW_IPS", "127.0.0.1,::1", null, trustedProxies(),
    "Comma-separated peer addresses (or *) whose forwarding headers are trusted.");
  public static final Setting<Long> FLUXLIT_API_TIMEOUT_S = define("FLUXLIT_API_TIMEOUT_S", "30", null, secondsAsMillis(false),
    "Seconds the gateway waits for the API verticle (and extensions) before answering 504.");
  public static final Setting<Long> FLUXLIT_API_MAX_BODY_BYTES = define("FLUXLIT_API_MAX_BODY_BYTES", "10485760", null, atLeast(0),
    "Largest request body accepted under the API mount; larger gets 413. 0 = unlimited.");
  public static final Setting<Long> FLUXLIT_READINESS_PROBE_TIMEOUT_S = define("FLUXLIT_READINESS_PROBE_TIMEOUT_S", "0.5", null, secondsAsMillis(false),
    "Seconds the readiness probe waits for GET {upstream}/.");
  public static final Setting<Boolean> FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG = define("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "false", null, flag(),
    "Write the gateway access line (logger fluxlit.gateway) at INFO instead of DEBUG.");
  public static final Setting<Boolean> FLUXLIT_ENABLE_REQUEST_LOGGING = define("FLUXLIT_ENABLE_REQUEST_LOGGING", "false", null, flag(),
    "Write one INFO line per API request on logger fluxlit.api.");
  public static final Setting<String> FLUXLIT_LOG_FORMAT = define("FLUXLIT_LOG_FORMAT", "text", null, oneOf("text", "json"),
    "text, or json for one JSON object per line (conf/logback-json.xml).");
  public static final Setting<String> FLUXLIT_LOG_LEVEL = define("FLUXLIT_LOG_LEVEL", "INFO", null, oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR"),
    "Root log level: TRACE, DEBUG, INFO, WARN or ERROR. Debug mode raises INFO to DEBUG.");
  public static final Setting<Boolean> FLUXLIT_DEBUG = define("FLUXLIT_DEBUG", "false", "--debug", flag(),
    "Debug mode: access and API request logs on, level DEBUG, GET /__fluxlit/debug snapshot.");
  public static final Setting<String> FLUXLIT_URL_SESSION_QUERY_PARAM = define("FLUXLIT_URL_SESSION_QUERY_PARAM", "fluxlit_sid", null, text(),
    "Query parameter carrying a URL session token; its value is redacted in logs.");
  public static final Setting<List<String>> FLUXLIT_REDACT_QUERY_KEYS = define("FLUXLIT_REDACT_QUERY_KEYS", "", null, commaList(),
    "Comma-separated extra query keys whose values are redacted in logs (exact, case-insensitive).");
  public static final Setting<Boolean> FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS = define("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "false", null, flag(),
    "Serve Prometheus metrics at FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH.");
  public static final Setting<String> FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH = define("FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/__fluxlit/metrics", null, path(),
    "Path of the Prometheus scrape; under the API mount it is refused with a WARNING (metrics off).");
  public static final Setting<Integer> FLUXLIT_METRICS_PORT = define("FLUXLIT_METRICS_PORT", "0", null, wholeNumber(0, 65535),
    "Serve the scrape on this separate port instead of the public one. 0 = the public port.");
  public static final Setting<Integer> FLUXLIT_SIDECAR_RESTART_MAX = define("FLUXLIT_SIDECAR_RESTART_MAX", "5", null, wholeNumber(0, 1000),
    "Restarts in a row of a managed Streamlit that keeps dying before FluxLit gives up (a child that"
      + " stayed healthy for 60 s starts the count over). 0 = never restart.");
  public static final Setting<Long> FLUXLIT_SIDECAR_BACKOFF_INITIAL_S = define("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "0.5", null, secondsAsMillis(false),
    "Seconds before the first restart of a managed Streamlit that died; doubled for each further"
      + " restart in a row.");
  public static final Setting<Long> FLUXLIT_SIDECAR_BACKOFF_MAX_S = define("FLUXLIT_SIDECAR_BACKOFF_MAX_S", "30", null, secondsAsMillis(false),
    "Longest wait between two restarts; at least FLUXLIT_SIDECAR_BACKOFF_INITIAL_S.");
  public static final Setting<Long> FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S = define("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "10", null, secondsAsMillis(true),
    "Seconds in-flight HTTP requests get to finish on SIGTERM or SIGINT before their connections are"
      + " closed. 0 = close at once.");
  public static final Setting<List<String>> FLUXLIT_EXTENSIONS = define("FLUXLIT_EXTENSIONS", "", null, classNames(),
    "Comma-separated extension verticle class names deployed in the gateway's JVM from the class path.");
  public static final Setting<Boolean> FLUXLIT_CLUSTER = define("FLUXLIT_CLUSTER", "false", null, flag(),
    "Join a clustered event bus (Hazelcast), so extension verticles in other JVMs serve API routes and"
      + " gateway replicas share them (docs/scaling.md). The `extension` command always joins.");
  public static final Setting<String> FLUXLIT_CLUSTER_HOST = define("FLUXLIT_CLUSTER_HOST", "127.0.0.1", null, ipAddress(),
    "IP address the cluster member and the event bus bind to and announce. Loopback keeps the cluster"
      + " on this machine.");
  public static final Setting<Integer> FLUXLIT_CLUSTER_PORT = define("FLUXLIT_CLUSTER_PORT", "5701", null, wholeNumber(1, 65535 - ClusterSettings.PORT_COUNT),
    "First cluster member port; the next free one of the 20 from here is taken.");
  public static final Setting<Integer> FLUXLIT_CLUSTER_BUS_PORT = define("FLUXLIT_CLUSTER_BUS_PORT", "0", null, wholeNumber(0, 65535),
    "Port of this JVM's event-bus server, which other members connect to for messages. 0 = a free one"
      + " (fix it when a firewall sits between hosts).");
  public static final Setting<List<String>> FLUXLIT_CLUSTER_MEMBERS = define("FLUXLIT_CLUSTER_MEMBERS", "", null, clusterMembers(),
    "Comma-separated IP or IP:port of members to join (TCP/IP discovery). Empty = FLUXLIT_CLUSTER_HOST.");
  public static final Setting<String> FLUXLIT_CLUSTER_NAME = define("FLUXLIT_CLUSTER_NAME", "fluxlit", null, nonBlank(),
    "Only members with the same cluster name join each other.");
  public static final Setting<Integer> FLUXLIT_CLUSTER_JOIN_TIMEOUT_S = define("FLUXLIT_CLUSTER_JOIN_TIMEOUT_S", "20", null, wholeNumber(1, 300),
    "Seconds a member may spend finding its cluster; start-up then fails instead of waiting (docs/scaling.md#joining).");
  public static final Setting<String> FLUXLIT_CLUSTER_CONFIG = define("FLUXLIT_CLUSTER_CONFIG", "", null, text(),
    "A Hazelcast XML file of your own, used as written (the settings above are not applied)."
      + " Empty = the bundled conf/cluster.xml.");
  public static final Setting<String> FLUXLIT_JWT_ISSUER = define("FLUXLIT_JWT_ISSUER", "", null, text(),
    "Required iss of the API's bearer tokens (docs/auth.md); needed with a secret or a key set.");
  public static final Setting<String> FLUXLIT_JWT_AUDIENCE = define("FLUXLIT_JWT_AUDIENCE", "", null, text(),
    "Required aud of the API's bearer tokens; needed with a secret or a key set.");
  public static final Setting<String> FLUXLIT_JWT_HS256_SECRET = define("FLUXLIT_JWT_HS256_SECRET", "", null, text(),
    "Shared secret of HS256 bearer tokens on the API (turns the check on). Not with FLUXLIT_JWT_JWKS_URL.");
  public static final Setting<String> FLUXLIT_JWT_JWKS_URL = define("FLUXLIT_JWT_JWKS_URL", "", null, httpUrl(),
    "Key set URL of RS256/ES256 bearer tokens on the API (cached; fetched again for an unknown kid).");
  public static final Setting<Integer> FLUXLIT_JWT_LEEWAY_SECONDS = define("FLUXLIT_JWT_LEEWAY_SECONDS", "0", null, wholeNumber(0, 3600),
    "Seconds of clock skew allowed on a bearer token's exp, nbf and iat.");
  public static final Setting<String> FLUXLIT_OIDC_BFF_SECRET = define("FLUXLIT_OIDC_BFF_SECRET", "", null, text(),
    "Turns the BFF endpoints /api/auth/login, /callback, /exchange on; the key of the tokens they mint.");
  public static final Setting<String> FLUXLIT_PUBLIC_BASE_URL = define("FLUXLIT_PUBLIC_BASE_URL", "", null, httpUrl(),
    "The URL browsers reach the gateway at (https://app.example[/prefix]); sign-in callbacks are built on it.");
  public static final Setting<String> FLUXLIT_AUTH_OIDC_ISSUER = define("FLUXLIT_AUTH_OIDC_ISSUER", "", null, httpUrl(),
    "OpenID provider (discovered); turns the sign-in gate on unless FLUXLIT_AUTH_GATE=off; the BFF's provider.");
  public static final Setting<String> FLUXLIT_AUTH_OIDC_CLIENT_ID = define("FLUXLIT_AUTH_OIDC_CLIENT_ID", "", null, text(),
    "Client ID at the OpenID provider. Needed with FLUXLIT_AUTH_OIDC_ISSUER.");
  public static final Setting<String> FLUXLIT_AUTH_OIDC_CLIENT_SECRET = define("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", "", null, text(),
    "Client secret at the OpenID provider (empty for a public client).");
  public static final Setting<List<String>> FLUXLIT_AUTH_OIDC_SCOPES = define("FLUXLIT_AUTH_OIDC_SCOPES", "openid profile email", null,
    scopes(), "Scopes asked for at sign-in, space-separated; openid is always included.");
  public static final Setting<String> FLUXLIT_AUTH_COOKIE_SECRET = define("FLUXLIT_AUTH_COOKIE_SECRET", "", null, text(),
    "Key signing the session cookie. Empty = random per start (sessions end on restart, not shared).");
  public static final Setting<List<String>> FLUXLIT_AUTH_ALLOWED_EMAILS = define("FLUXLIT_AUTH_ALLOWED_EMAILS", "", null, commaList(),
    "Comma-separated email addresses let in. Empty allow lists let every signed-in user in.");
  public static final Setting<List<String>> FLUXLIT_AUTH_ALLOWED_DOMAINS = define("FLUXLIT_AUTH_ALLOWED_DOMAINS", "", null, commaList(),
    "Comma-separated email domains let in (example.com).");
  public static final Setting<List<String>> FLUXLIT_AUTH_ALLOWED_GROUPS = define("FLUXLIT_AUTH_ALLOWED_GROUPS", "", null, commaList(),
    "Comma-separated groups (the provider's groups claim) let in.");
  public static final Setting<List<String>> FLUXLIT_AUTH_PUBLIC_PATHS = define("FLUXLIT_AUTH_PUBLIC_PATHS", "", null,
    commaList(), "Comma-separated paths that never need a session besides the probes and the scrape; /x/* = prefix.");
  public static final Setting<Long> FLUXLIT_AUTH_SESSION_IDLE_S = define("FLUXLIT_AUTH_SESSION_IDLE_S", "3600", null, secondsAsMillis(false),
    "Seconds without a request after which a sign-in session ends.");
  public static final Setting<Long> FLUXLIT_AUTH_SESSION_MAX_S = define("FLUXLIT_AUTH_SESSION_MAX_S", "43200", null, secondsAsMillis(false),
    "Seconds after sign-in at which a session ends, used or not.");
  public static final Setting<Boolean> FLUXLIT_AUTH_GATE = define("FLUXLIT_AUTH_GATE", "on", null, flag(),
    "on: with an issuer, every page and API call needs a sign-in; off keeps the API's JWT check and the BFF.");

  private final String envName;
  private final String defaultValue;
  private final String cliFlag;
  private final String description;
  private final String confKey;
  private final SettingParser<T> parser;

  private Setting(String envName, String defaultValue, String cliFlag, SettingParser<T> parser, String description) {
    this.envName = envName;
    // Settings-file keys: the name without FLUXLIT_, lower case (docs/configuration.md#the-settings-file).
    this.confKey = envName.substring("FLUXLIT_".length()).toLowerCase(Locale.ROOT);
    this.defaultValue = defaultValue;
    this.cliFlag = cliFlag;
    this.parser = parser;
    this.description = description;
  }

  private static <T> Setting<T> define(String envName, String defaultValue, String cliFlag, SettingParser<T> parser, String description) {
    Setting<T> setting = new Setting<>(envName, defaultValue, cliFlag, parser, description);
    ALL.add(setting);
    return setting;
  }

  /** @return every setting, in declaration order (the order of docs/configuration.md) */
  public static List<Setting<?>> values() {
    return Collections.unmodifiableList(ALL);
  }

  /** The environment variable that sets this value, which is also this constant's name. */
  public String envName() {
    return envName;
  }

  /** The key in the settings file ({@code conf/fluxlit.json}): the variable without {@code FLUXLIT_}, lower case. */
  public String confKey() {
    return confKey;
  }

  /** The default as written in the docs; empty when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** The command-line flag that overrides the environment, or {@code null}. */
  public String cliFlag() {
    return cliFlag;
  }

  /**
   * Parses and validates a raw value of this setting.
   *
   * @param raw the text, as an environment variable would hold it
   * @return the typed value
   * @throws ConfigException naming this setting when the value is unusable
   */
  public T parse(String raw) {
    try {
      return parser.parse(raw == null ? "" : raw);
    } catch (SettingParser.Refused refused) {
      throw refused.about(this, raw);
    }
  }

  /** One or two sentences for the configuration table. */
  public String description() {
    return description;
  }

  /** @return the environment variable's name */
  @Override
  public String toString() {
    return envName;
  }
}
