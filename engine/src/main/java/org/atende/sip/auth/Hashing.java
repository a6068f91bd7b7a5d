package org.atende.sip.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-thread hash and random objects for the SIP hot paths (digest challenges and checks, registrar tags).
 *
 * <p>{@code MessageDigest.getInstance} looks the provider up and builds a new object on every call, and the
 * default {@code SecureRandom} on Linux serialises every caller on one global lock and reads {@code /dev/urandom};
 * at thousands of REGISTERs a second both showed in profiles. Each event loop keeps its own instances instead:
 * they are not thread-safe, and they never leave the thread that got them.
 */
public final class Hashing {

    private static final ThreadLocal<Map<String, MessageDigest>> DIGESTS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Hashing::newRandom);

    private Hashing() {
    }

    /** The hash of {@code data} with the JCA algorithm {@code name} (SHA-256, MD5), mandatory in every JRE. */
    public static byte[] digest(String name, byte[] data) {
        MessageDigest md = DIGESTS.get().computeIfAbsent(name, Hashing::newDigest);
        md.reset();
        return md.digest(data);
    }

    /** This thread's strong random generator (DRBG: no shared lock, no system call once seeded). */
    public static SecureRandom random() {
        return RANDOM.get();
    }

    private static MessageDigest newDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is mandatory in every JRE", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
