package org.atende.sip.registrar;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.Contact;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sip.header.ExpiresHeader;

/**
 * How the registrar reads a REGISTER's contacts (RFC 3261 §10.3): which binding a contact updates (by
 * {@code +sip.instance}, else by URI under §19.1.4 comparison) and the expiry it asks for. Stateless.
 */
final class Contacts {

    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private Contacts() {
    }

    static Binding find(List<Binding> bindings, String uri, Optional<String> instance) {
        if (instance.isPresent()) {
            for (Binding b : bindings) {
                if (b.instanceId().equals(instance)) {
                    return b;
                }
            }
        }
        for (Binding b : bindings) {
            if (sameUri(b.contactUri(), uri)) {
                return b;
            }
        }
        return null;
    }

    static boolean sameBinding(Binding b, String uri, Optional<String> instance) {
        return (instance.isPresent() && b.instanceId().equals(instance)) || sameUri(b.contactUri(), uri);
    }

    /** URI equality per RFC 3261 §19.1.4 (JAIN-SIP's {@code equals}), falling back to text equality. */
    static boolean sameUri(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return ADDRESSES.createURI(a).equals(ADDRESSES.createURI(b));
        } catch (ParseException e) {
            return false;
        }
    }

    /** Seconds requested for one contact; empty when its expires parameter is not a number. */
    static Optional<Long> requestedExpiry(Contact contact, ExpiresHeader expiresHeader, Duration defaultExpires) {
        String param = contact.getParameter("expires");
        if (param != null) {
            String p = param.strip();
            if (p.isEmpty() || !p.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            return Optional.of(p.length() > 18 ? Long.MAX_VALUE : Long.parseLong(p));
        }
        if (expiresHeader != null) {
            return Optional.of((long) expiresHeader.getExpires());
        }
        return Optional.of(defaultExpires.getSeconds());
    }

    static Optional<String> instanceId(Contact contact) {
        String value = contact.getParameter("+sip.instance");
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
