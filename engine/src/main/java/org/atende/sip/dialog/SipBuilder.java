package org.atende.sip.dialog;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.header.Via;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.ListenPoint;

/**
 * Builds the headers Atende writes itself: Via, Contact, tags, Call-IDs. The JAIN-SIP factories are
 * stateless and shared.
 */
public final class SipBuilder {

    public static final MessageFactoryImpl MESSAGES = new MessageFactoryImpl();
    public static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();
    public static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();
    public static final String USER_AGENT = "Atende";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SipBuilder() {
    }

    /** A fresh tag: 64 random bits in hex. */
    public static String newTag() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** A fresh Call-ID whose hash lands on {@code shard} of {@code shards}, so its messages reach the same loop. */
    public static String newCallId(String host, int shard, int shards) {
        byte[] bytes = new byte[12];
        while (true) {
            RANDOM.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes) + "@" + host;
            if (Math.floorMod(id.hashCode(), shards) == shard) {
                return id;
            }
        }
    }

    public static Via via(ListenPoint point) {
        try {
            Via via = (Via) HEADERS.createViaHeader(point.advertise(), point.port(), point.transport().viaName(),
                    TransactionLayer.newBranch());
            via.setRPort();
            return via;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build Via for " + point, e);
        }
    }

    public static ContactHeader contact(String user, ListenPoint point) {
        try {
            SipURI uri = ADDRESSES.createSipURI(user, point.advertise());
            uri.setPort(point.port());
            if (point.transport() != org.atende.sip.transport.Transport.UDP) {
                uri.setTransportParam(point.transport().uriParameter());
            }
            Address address = ADDRESSES.createAddress(uri);
            return HEADERS.createContactHeader(address);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build Contact for " + user, e);
        }
    }

    /** The methods Atende handles, in every Allow it sends; anything else gets 501 (or 405) with this list. */
    public static final List<String> ALLOWED_METHODS = List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER",
            "INFO", "UPDATE");

    /**
     * Adds Allow and Supported (RFC 3261 §20.5, §20.37) to an INVITE or UPDATE, or a 2xx answering one, so that the
     * peer knows it may send UPDATE and INFO. Supported lists no option tags while none is implemented.
     */
    public static void capabilities(javax.sip.message.Message message) {
        try {
            message.removeHeader(javax.sip.header.AllowHeader.NAME);
            for (String method : ALLOWED_METHODS) {
                message.addHeader(HEADERS.createAllowHeader(method));
            }
            message.setHeader(HEADERS.createHeader("Supported", ""));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code Reason: SIP;cause=200;text="Call completed elsewhere"} (RFC 3326 §2, RFC 3261 §9.1 intent): for the CANCEL
     * (or the BYE) Atende sends a fork of a call another fork answered, so the phone logs no missed call. Every other
     * CANCEL goes without a Reason: the phone then logs a missed call, which is what a caller hanging up or a ring
     * timeout is. A new header each time (JAIN-SIP headers are mutable).
     */
    public static javax.sip.header.ReasonHeader completedElsewhere() {
        try {
            return HEADERS.createReasonHeader("SIP", 200, "Call completed elsewhere");
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SipURI sipUri(String user, String host) {
        try {
            return ADDRESSES.createSipURI(user, host);
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build sip URI for " + user + "@" + host, e);
        }
    }
}
