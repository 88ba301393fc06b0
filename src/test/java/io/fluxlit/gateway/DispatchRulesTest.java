package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.RoutedPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchRulesTest {

  private final DispatchRules plain = new DispatchRules("/api", "");
  private final DispatchRules mounted = new DispatchRules("/api", "/myapp");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/api, API, /",
    "/api/, API, /",
    "/api/healthz, API, /healthz",
    "/apix, STREAMLIT, ",
    "/, STREAMLIT, ",
    "/_stcore/stream, STREAMLIT, ",
    "/x/../api/healthz, API, /healthz",
    "/api/../_stcore/x, STREAMLIT, ",
  })
  void classifiesByTheMountPrefix(String path, Dispatch dispatch, String apiPath) {
    RoutedPath route = plain.route(path);
    assertThat(route.dispatch()).isEqualTo(dispatch);
    assertThat(route.apiPath()).isEqualTo(apiPath);
  }

  /** The split table of docs/architecture.md#dispatch. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "/myapp/api/healthz, /api/healthz, /myapp/api/healthz",
    "/myapp, /, /myapp",
    "/prefix, /prefix, /myapp/prefix",
    "/api/healthz, /api/healthz, /myapp/api/healthz",
    "/_stcore/stream, /_stcore/stream, /myapp/_stcore/stream",
    "/myappx, /myappx, /myapp/myappx",
  })
  void splitsThePublicSubPath(String path, String dispatchPath, String streamlitPath) {
    RoutedPath route = mounted.route(path);
    assertThat(route.dispatchPath()).isEqualTo(dispatchPath);
    assertThat(route.streamlitPath()).isEqualTo(streamlitPath);
  }

  @Test
  void honoursACustomMount() {
    DispatchRules custom = new DispatchRules("/x", "");
    assertThat(custom.route("/x/healthz").dispatch()).isEqualTo(Dispatch.API);
    assertThat(custom.route("/api/healthz").dispatch()).isEqualTo(Dispatch.STREAMLIT);
  }
}
