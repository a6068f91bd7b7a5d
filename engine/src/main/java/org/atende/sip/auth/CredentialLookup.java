package org.atende.sip.auth;

import java.util.Optional;

/** Where {@link DigestAuthenticator} finds a user's password. Must not block (config look-up in memory). */
@FunctionalInterface
public interface CredentialLookup {

    /** The password of {@code username}, empty when there is no such user. */
    Optional<String> password(String username);
}
