package org.atende.sip.auth;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies the {@link DigestAuthenticator}'s stateless nonces, under its secret HMAC key.
 *
 * <p>A nonce is {@code base64url(timestamp || random || to || HMAC-SHA256(secret, timestamp || random || to ||
 * realm)[0..16])}: it proves itself ours and tells its age without anything kept. {@code to} is
 * {@code HMAC-SHA256(secret, "to" || random || address)[0..4]} of the address the challenge was sent to: a nonce is
 * accepted from anywhere, but {@link #issuedTo} tells whether the request using it comes from that address, so that
 * failures are counted against a source only when it really received the challenge (a spoofed source never did).
 * The same key derives the authenticator's other values ({@link #mac}). Thread-safe: each thread that uses it gets
 * its own {@code Mac}.
 */
final class StatelessNonces {

    private static final int NONCE_RANDOM_BYTES = 8;
    private static final int NONCE_TO_BYTES = 4;
    private static final int NONCE_MAC_BYTES = 16;
    private static final int SIGNED_BYTES = 8 + NONCE_RANDOM_BYTES + NONCE_TO_BYTES;
    private static final int NONCE_BYTES = SIGNED_BYTES + NONCE_MAC_BYTES;
    private static final byte[] TO = "to".getBytes(StandardCharsets.US_ASCII);

    private final String realm;
    private final Clock clock;
    private final SecretKeySpec key;
    /** This key's MAC on each thread that uses it ({@code Mac} is not thread-safe, and costly to get). */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** {@code secret} is copied; the caller has checked its length. */
    StatelessNonces(String realm, Clock clock, byte[] secret) {
        this.realm = realm;
        this.clock = clock;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** A fresh nonce, stamped with the clock's time, for a challenge sent to {@code to} (null: unknown). */
    String newNonce(InetAddress to) {
        byte[] bytes = new byte[NONCE_BYTES];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.putLong(clock.millis());
        byte[] rnd = new byte[NONCE_RANDOM_BYTES];
        Hashing.random().nextBytes(rnd);
        buf.put(rnd);
        buf.put(toTag(rnd, to), 0, NONCE_TO_BYTES);
        buf.put(nonceMac(bytes), 0, NONCE_MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code nonce} (already verified by {@link #issuedAt}) was sent to {@code source}. */
    boolean issuedTo(String nonce, InetAddress source) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != NONCE_BYTES) {
            return false;
        }
        byte[] rnd = Arrays.copyOfRange(bytes, 8, 8 + NONCE_RANDOM_BYTES);
        byte[] expected = Arrays.copyOf(toTag(rnd, source), NONCE_TO_BYTES);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 8 + NONCE_RANDOM_BYTES, SIGNED_BYTES));
    }

    private byte[] toTag(byte[] rnd, InetAddress to) {
        byte[] address = to == null ? new byte[0] : to.getAddress();
        byte[] input = new byte[TO.length + rnd.length + address.length];
        System.arraycopy(TO, 0, input, 0, TO.length);
        System.arraycopy(rnd, 0, input, TO.length, rnd.length);
        System.arraycopy(address, 0, input, TO.length + rnd.length, address.length);
        return mac(input);
    }

    /** The nonce's timestamp when it is one of ours (MAC verifies), else empty. */
    OptionalLong issuedAt(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (bytes.length != NONCE_BYTES) {
            return OptionalLong.empty();
        }
        byte[] expected = Arrays.copyOf(nonceMac(bytes), NONCE_MAC_BYTES);
        byte[] actual = Arrays.copyOfRange(bytes, SIGNED_BYTES, NONCE_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(bytes).getLong());
    }

    /** HMAC over timestamp || random || to || realm, taken from the first 20 bytes of {@code nonceBytes}. */
    private byte[] nonceMac(byte[] nonceBytes) {
        byte[] realmBytes = realm.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[SIGNED_BYTES + realmBytes.length];
        System.arraycopy(nonceBytes, 0, input, 0, SIGNED_BYTES);
        System.arraycopy(realmBytes, 0, input, SIGNED_BYTES, realmBytes.length);
        return mac(input);
    }

    /** HMAC-SHA256 of {@code input} under the secret (32 bytes). */
    byte[] mac(byte[] input) {
        return macs.get().doFinal(input);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
