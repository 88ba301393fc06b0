package io.fluxlit.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open-redirect rule of every sign-in (docs/auth.md): a browser goes back only to a path of
 * this site, whatever spelling would make a browser (or a server that decodes first) read
 * another origin.
 */
class ReturnPathTest {

  @Test
  void keepsAPathOfThisSiteWithItsQueryAndFragment() {
    for (String local : List.of("/", "/page?x=1#top", "/myapp/", "/myapp/page?next=//elsewhere", "/a+b/c%20d",
      "/a%2Fb", "/search?q=a%5Cb")) {
      assertThat(ReturnPath.isLocal(local)).as(local).isTrue();
      assertThat(ReturnPath.orElse(local, "/root/")).as(local).isEqualTo(local);
    }
  }

  @Test
  void sendsEveryOtherOriginToTheFallback() {
    for (String evil : List.of("//evil.example/", "///evil.example", "/\\evil.example", "\\\\evil.example",
      "https://evil.example/", "javascript:alert(1)", "evil", "", "/\t/evil.example", "/\n/evil.example",
      "/\r/evil.example", "/ /evil.example", "/a\\b", "/\u007f")) {
      assertThat(ReturnPath.isLocal(evil)).as(evil).isFalse();
      assertThat(ReturnPath.orElse(evil, "/root/")).as(evil).isEqualTo("/root/");
    }
    assertThat(ReturnPath.orElse(null, "/")).isEqualTo("/");
  }

  @Test
  void refusesEncodedSpellingsOfAnotherOrigin() {
    for (String encoded : List.of("/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%5cevil.example",
      "/%09/evil.example", "/%0A/evil.example", "%2F%2Fevil.example", "/%zz", "/%")) {
      assertThat(ReturnPath.isLocal(encoded)).as(encoded).isFalse();
    }
  }

  @Test
  void keepsThePublicBasePathAsTheFallback() {
    assertThat(ReturnPath.orElse("/myapp/page?x=1", "/myapp/")).isEqualTo("/myapp/page?x=1");
    assertThat(ReturnPath.orElse("//evil.example/myapp/", "/myapp/")).isEqualTo("/myapp/");
  }

  @Test
  void refusesAPathLongerThanTheLimit() {
    String longest = "/" + "a".repeat(ReturnPath.MAX_LENGTH - 1);
    assertThat(ReturnPath.isLocal(longest)).isTrue();
    assertThat(ReturnPath.isLocal(longest + "a")).isFalse();
  }
}
