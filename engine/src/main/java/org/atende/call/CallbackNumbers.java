package org.atende.call;

import java.util.Optional;
import org.atende.config.PhoneNumbers;

/**
 * Brazilian numbers as a callback needs them: the national number (DDD + subscriber) of a caller, or of digits a
 * caller keyed, when it is one a callback can dial. Pure functions.
 *
 * <p>A national number is 10 digits for a landline (DDD, then a subscriber number starting with 2 to 5) or 11 for
 * a mobile (DDD, then 9 and 8 digits); a DDD is two digits 1 to 9 (11 … 99, no 0). Anything else (an extension, a
 * short service number such as 190, a non-geographic 0800/0300/0500/0900 number, a foreign number) cannot be
 * called back. Written forms accepted: national ({@code 11987654321}), with the trunk prefix
 * ({@code 011987654321}), with a carrier code ({@code 01511987654321}) and, for a caller, international
 * ({@code +5511987654321}, {@code 5511987654321}, {@code 005511987654321}).
 */
public final class CallbackNumbers {

    /** Brazil's country code: callbacks dial Brazilian numbers only. */
    static final String BRAZIL = "55";

    private CallbackNumbers() {
    }

    /**
     * The national number {@code callerUser} (the From user as received) called from, when a callback can dial it.
     * {@code countryCode} is the country the engine runs in (its trunks' numbering); international forms of it
     * are read as national. With another country than Brazil, only {@code +55} forms are recognised.
     */
    public static Optional<String> ofCaller(String callerUser, String countryCode) {
        if (callerUser == null || callerUser.isBlank()) {
            return Optional.empty();
        }
        int params = callerUser.indexOf(';'); // tel-style parameters (";npdi", ";phone-context=…")
        String user = params >= 0 ? callerUser.substring(0, params) : callerUser;
        String normalized = PhoneNumbers.normalize(user, countryCode);
        if (BRAZIL.equals(countryCode)) {
            return normalized.startsWith("+") ? Optional.empty() : national(normalized); // + : foreign
        }
        // another country's national numbers are not Brazilian ones: only +55 can be called back
        return normalized.startsWith("+" + BRAZIL) ? national(PhoneNumbers.normalize(normalized, BRAZIL))
                : Optional.empty();
    }

    /**
     * The national number in {@code digits} a caller keyed (DDD included; a leading trunk prefix 0, or 0 and a
     * two-digit carrier code, tolerated), when a callback can dial it.
     */
    public static Optional<String> typed(String digits) {
        if (digits == null) {
            return Optional.empty();
        }
        return national(digits);
    }

    /** The E.164 form ({@code +5511987654321}) of a national number. */
    public static String e164(String national) {
        return "+" + BRAZIL + national;
    }

    /** At most the last 4 digits of a number, for logs ({@code …4321}): numbers are personal data (LGPD). */
    static String masked(String number) {
        return number.length() <= 4 ? "…" : "…" + number.substring(number.length() - 4);
    }

    /** Digits only, trunk prefix and carrier code dropped, then validated. */
    private static Optional<String> national(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        String n = s;
        if (n.startsWith("00")) {
            return Optional.empty(); // the international prefix: a foreign number, not a carrier code
        }
        if (n.charAt(0) == '0') {
            int rest = n.length() - 1;
            if (rest == 10 || rest == 11) {
                n = n.substring(1);
            } else if (rest == 12 || rest == 13) {
                n = n.substring(3); // 0 + carrier code (15, 21, 41 …)
            } else {
                return Optional.empty();
            }
        }
        return valid(n) ? Optional.of(n) : Optional.empty();
    }

    /** A national number a callback can dial: see the class comment. */
    static boolean valid(String n) {
        if (n.length() != 10 && n.length() != 11) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return false;
            }
        }
        if (n.charAt(0) == '0' || n.charAt(1) == '0') {
            return false;
        }
        char first = n.charAt(2);
        return n.length() == 11 ? first == '9' : first >= '2' && first <= '5';
    }
}
