package org.atende.trunk;

import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.RetryAfterHeader;
import org.atende.config.TrunkConfig;
import org.atende.sip.auth.DigestClient;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transport.ListenPoint;

/**
 * Builds the REGISTERs of one registration to a carrier and reads what their 2xx granted.
 *
 * <p>One registration is one Call-ID (given by the engine, so that responses reach the owning loop), one From tag,
 * and a CSeq that grows by one with every REGISTER (RFC 3261 §10.2.4); each REGISTER has a fresh Via branch. The
 * interval asked is the configured one until a 423's Min-Expires raises it. The challenge answered last (401 or 407)
 * is kept with its nonce count, which goes up with every REGISTER that answers it.
 *
 * <p>Not thread-safe: the owning loop of its {@link TrunkRegistrationClient} only.
 */
final class RegisterRequests {

    private static final String REGISTER = SIPRequest.REGISTER;

    private final String trunkName;
    private final TrunkConfig.TrunkRegistration settings;
    private final RegistrarUri registrarUri;
    private final ListenPoint local;
    private final String callId;
    private final RandomGenerator random;
    private final String fromTag;
    private long cseq;
    /** The interval asked on every REGISTER: the configured one, or the last Min-Expires of a 423. */
    private int expiresSeconds;

    /** The last challenge answered (401 or 407), reused on later REGISTERs; null when none or forgotten. */
    private SIPResponse challenge;
    private String challengeNonce;
    private int nonceCount;

    /** Draws the From tag from {@code random}, which also gives the cnonces. */
    RegisterRequests(String trunkName, TrunkConfig.TrunkRegistration settings, RegistrarUri registrarUri,
                     ListenPoint local, String callId, RandomGenerator random) {
        this.trunkName = trunkName;
        this.settings = settings;
        this.registrarUri = registrarUri;
        this.local = local;
        this.callId = callId;
        this.random = random;
        this.expiresSeconds = settings.expiresSeconds();
        this.fromTag = randomHex(1);
    }

    String trunkName() {
        return trunkName;
    }

    /** The interval every REGISTER asks for, in seconds. */
    int interval() {
        return expiresSeconds;
    }

    /** A 423 asked for at least {@code seconds}: asked from now on. */
    void raiseInterval(int seconds) {
        expiresSeconds = seconds;
    }

    /** Whether a challenge is kept, so that the next REGISTER carries credentials. */
    boolean hasChallenge() {
        return challenge != null;
    }

    /** Keeps {@code response}'s challenge for the next REGISTERs; a new nonce starts its count again. */
    void keepChallenge(SIPResponse response, String nonce) {
        if (!nonce.equals(challengeNonce)) {
            challengeNonce = nonce;
            nonceCount = 0;
        }
        challenge = response;
    }

    void forgetChallenge() {
        challenge = null;
        challengeNonce = null;
        nonceCount = 0;
    }

    /** The next REGISTER asking {@code expires} seconds, answering the kept challenge if {@code withCredentials}. */
    SIPRequest build(int expires, boolean withCredentials) {
        try {
            Address from = SipBuilder.ADDRESSES.createAddress(registrarUri.addressOfRecord(settings.username()));
            Address to = SipBuilder.ADDRESSES.createAddress(registrarUri.addressOfRecord(settings.username()));
            SIPRequest request = (SIPRequest) SipBuilder.MESSAGES.createRequest(registrarUri.requestUri(), REGISTER,
                    SipBuilder.HEADERS.createCallIdHeader(callId),
                    SipBuilder.HEADERS.createCSeqHeader(++cseq, REGISTER),
                    SipBuilder.HEADERS.createFromHeader(from, fromTag),
                    SipBuilder.HEADERS.createToHeader(to, null),
                    List.of(SipBuilder.via(local)),
                    SipBuilder.HEADERS.createMaxForwardsHeader(70));
            request.setHeader(SipBuilder.contact(settings.username(), local));
            request.setHeader(SipBuilder.HEADERS.createExpiresHeader(expires));
            request.setHeader(SipBuilder.HEADERS.createUserAgentHeader(List.of(SipBuilder.USER_AGENT)));
            if (withCredentials) {
                DigestClient.authorize(request, challenge, settings.username(), settings.password(), randomHex(2),
                        ++nonceCount).ifPresent(request::setHeader);
            }
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("trunk " + trunkName + ": cannot build REGISTER", e);
        }
    }

    /** Our Contact's expires parameter (or the only Contact's), else the Expires header, else {@code asked}. */
    long grantedSeconds(SIPResponse ok, int asked) {
        ContactList contacts = ok.getContactHeaders();
        if (contacts != null) {
            Contact ours = null;
            for (Contact contact : contacts) {
                if (isOurs(contact) || contacts.size() == 1) {
                    ours = contact;
                }
            }
            Optional<Long> param = ours == null ? Optional.empty() : seconds(ours.getParameter("expires"));
            if (param.isPresent()) {
                return param.get();
            }
        }
        ExpiresHeader expires = ok.getExpires();
        return expires != null ? expires.getExpires() : asked;
    }

    private boolean isOurs(Contact contact) {
        if (contact.getAddress() == null || !(contact.getAddress().getURI() instanceof SipURI uri)) {
            return false;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : uri.isSecure() || "tls".equalsIgnoreCase(uri.getTransportParam()) ? 5061 : 5060;
        return settings.username().equals(uri.getUser()) && local.advertise().equalsIgnoreCase(uri.getHost())
                && port == local.port();
    }

    private static Optional<Long> seconds(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.min(Long.parseLong(value.strip()), Integer.MAX_VALUE));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A 5xx/6xx's Retry-After, capped at {@link RegistrationTiming#RETRY_CAP}; zero when it carries none. */
    static Duration retryAfter(SIPResponse response) {
        RetryAfterHeader header = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        return header == null || header.getRetryAfter() <= 0 ? Duration.ZERO
                : Duration.ofSeconds(Math.min(header.getRetryAfter(), RegistrationTiming.RETRY_CAP.toSeconds()));
    }

    private String randomHex(int longs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < longs; i++) {
            sb.append(HexFormat.of().toHexDigits(random.nextLong()));
        }
        return sb.toString();
    }
}
