package org.atende.config;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of number a dialled number is, for the toll-fraud guard ({@code dial_out.allow}): told from its
 * normalised form ({@link PhoneNumbers#normalize}). For Brazil (country code 55) the national numbering plan:
 * {@code 0800} toll-free; {@code 0300}, {@code 0500} and {@code 0900} premium or shared-cost; {@code 0} + area code
 * + 9 + 8 digits a mobile, {@code 0} + area code + 8 digits starting 2 to 5 a fixed line; 8 or 9 digits alone the
 * same in the caller's own area; 3-digit {@code 1xx} emergency and public services (190, 192, 193…). For other
 * countries, whose plans are not known here, a number is national only when written in international form with the
 * node's own country code ({@code +1 415 555 0100} for country 1), international with another one, and unknown
 * otherwise. A number in another country (a leading {@code +} or
 * {@code 00} that is not ours) is international; anything else is {@link #UNKNOWN}, which no pattern allows.
 */
public enum NumberClass {
    NATIONAL, MOBILE, TOLL_FREE, PREMIUM, INTERNATIONAL, EMERGENCY, UNKNOWN;

    /** The word written in YAML ({@code toll_free}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class named {@code word}; {@link #UNKNOWN} is not a class one can allow. */
    public static Optional<NumberClass> ofWord(String word) {
        for (NumberClass c : values()) {
            if (c != UNKNOWN && c.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The class of {@code dialled} for a node in country {@code countryCode}. */
    public static NumberClass of(String dialled, String countryCode) {
        String n = PhoneNumbers.normalize(dialled, countryCode);
        if (n.startsWith("+") || (n.startsWith("00") && n.length() > 4)) {
            return digits(n.startsWith("+") ? n.substring(1) : n.substring(2)) ? INTERNATIONAL : UNKNOWN;
        }
        if (!digits(n)) {
            return UNKNOWN;
        }
        if (!"55".equals(countryCode)) {
            // no numbering plan known: national only as written in international form (+CC…, normalised to 0…);
            // a national access code, a premium range or a local number cannot be told, so none is allowed
            return dialled.strip().startsWith("+") && n.startsWith("0") ? NATIONAL : UNKNOWN;
        }
        if (n.length() == 3 && n.charAt(0) == '1') {
            return EMERGENCY;
        }
        if (n.startsWith("0800") && n.length() >= 10 && n.length() <= 11) {
            return TOLL_FREE;
        }
        if ((n.startsWith("0300") || n.startsWith("0500") || n.startsWith("0900")) && n.length() >= 10) {
            return PREMIUM;
        }
        if (n.startsWith("0") && n.length() == 12 && n.charAt(3) == '9' && n.charAt(1) != '0') {
            return MOBILE; // 0 + area code + 9 + 8 digits
        }
        if (n.startsWith("0") && n.length() == 11 && n.charAt(3) >= '2' && n.charAt(3) <= '5' && n.charAt(1) != '0') {
            return NATIONAL; // 0 + area code + 8 digits
        }
        if (n.length() == 9 && n.charAt(0) == '9') {
            return MOBILE;
        }
        if (n.length() == 8 && n.charAt(0) >= '2' && n.charAt(0) <= '5') {
            return NATIONAL;
        }
        return UNKNOWN;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
