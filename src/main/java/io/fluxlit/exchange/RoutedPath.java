package io.fluxlit.exchange;

/**
 * The outcome of dispatching one request path.
 *
 * @param dispatch where the request goes
 * @param dispatchPath the normalised path with the public sub-path removed; what dispatch and
 *     the built-in redirects look at
 * @param apiPath for API requests, the path the API sees (mount removed, empty = {@code /});
 *     otherwise {@code null}
 * @param streamlitPath the path Streamlit receives, always carrying the public sub-path
 */
public record RoutedPath(Dispatch dispatch, String dispatchPath, String apiPath, String streamlitPath) {
}
