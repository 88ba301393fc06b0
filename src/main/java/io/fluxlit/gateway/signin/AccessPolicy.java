package io.fluxlit.gateway.signin;

import io.fluxlit.config.AuthSettings;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may enter once signed in ({@code FLUXLIT_AUTH_ALLOWED_EMAILS}, {@code _DOMAINS},
 * {@code _GROUPS}): a user matching any one list is in; with all three empty, every signed-in
 * user is. An email the provider marks unverified matches no email or domain. Emails and domains compare case-insensitively; groups exactly, as the provider names them.
 */
final class AccessPolicy {

  private final Set<String> emails;
  private final Set<String> domains;
  private final Set<String> groups;

  AccessPolicy(List<String> emails, List<String> domains, List<String> groups) {
    this.emails = lower(emails);
    this.domains = lower(domains.stream().map(d -> d.startsWith("@") ? d.substring(1) : d).toList());
    this.groups = Set.copyOf(groups);
  }

  static AccessPolicy of(AuthSettings auth) {
    return new AccessPolicy(auth.allowedEmails(), auth.allowedDomains(), auth.allowedGroups());
  }

  /**
   * @param user a signed-in user
   * @return whether the user may enter
   */
  boolean allows(SignedInUser user) {
    if (emails.isEmpty() && domains.isEmpty() && groups.isEmpty()) {
      return true;
    }
    String email = user.emailVerified() ? user.email().toLowerCase(Locale.ROOT) : "";
    return !email.isEmpty() && emails.contains(email)
      || !email.isEmpty() && domains.contains(user.emailDomain())
      || user.groups().stream().anyMatch(groups::contains);
  }

  private static Set<String> lower(List<String> values) {
    return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty())
      .collect(Collectors.toUnmodifiableSet());
  }
}
