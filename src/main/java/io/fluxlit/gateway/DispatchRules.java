package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.RoutedPath;

/**
 * Decides where a request goes (docs/architecture.md#dispatch): splits off the public sub-path, then
 * classifies the dispatch path as API when it equals the mount or starts with mount + {@code /}.
 */
public final class DispatchRules {

  private final String apiMount;
  private final String rootPath;

  /**
   * @param apiMount the normalised API mount, e.g. {@code /api}
   * @param rootPath the normalised public sub-path, or the empty string
   */
  public DispatchRules(String apiMount, String rootPath) {
    this.apiMount = apiMount;
    this.rootPath = rootPath;
  }

  /**
   * @param rawPath the request path as received (no query)
   * @return the dispatch decision for the normalised path
   */
  public RoutedPath route(String rawPath) {
    String path = PathNormalizer.normalize(rawPath);
    String dispatchPath;
    String streamlitPath;
    if (rootPath.isEmpty()) {
      dispatchPath = path;
      streamlitPath = path;
    } else if (path.equals(rootPath) || path.startsWith(rootPath) && path.charAt(rootPath.length()) == '/') {
      // A proxy in front forwarded the full path.
      dispatchPath = path.length() == rootPath.length() ? "/" : path.substring(rootPath.length());
      streamlitPath = path;
    } else {
      // A proxy in front stripped the prefix: Streamlit (baseUrlPath) still expects it.
      dispatchPath = path;
      streamlitPath = rootPath + path;
    }
    if (isUnderMount(dispatchPath)) {
      String rest = dispatchPath.substring(apiMount.length());
      return new RoutedPath(Dispatch.API, dispatchPath, rest.isEmpty() ? "/" : rest, streamlitPath);
    }
    return new RoutedPath(Dispatch.STREAMLIT, dispatchPath, null, streamlitPath);
  }

  /**
   * @param dispatchPath a normalised dispatch path
   * @return whether it belongs to the API mount
   */
  public boolean isUnderMount(String dispatchPath) {
    return dispatchPath.equals(apiMount)
      || dispatchPath.startsWith(apiMount) && dispatchPath.charAt(apiMount.length()) == '/';
  }

  /** @return the API mount */
  public String apiMount() {
    return apiMount;
  }

  /** @return the public sub-path, or the empty string */
  public String rootPath() {
    return rootPath;
  }
}
