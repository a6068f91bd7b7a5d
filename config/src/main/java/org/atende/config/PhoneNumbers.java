package org.atende.config;

/** Normalisation of dialled numbers to one national form, so that every written form matches. */
public final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * Normalises a dialled number: separators (space, dash, dot, parentheses) removed; an international
     * form of the given country ({@code +55 800 123 4567}, {@code 558001234567}, {@code 00558001234567})
     * becomes the national form with a leading 0 ({@code 08001234567}). Other numbers keep their digits
     * (and a leading + when foreign).
     */
    public static String normalize(String dialled, String countryCode) {
        StringBuilder sb = new StringBuilder(dialled.length());
        for (int i = 0; i < dialled.length(); i++) {
            char c = dialled.charAt(i);
            if ((c >= '0' && c <= '9') || (c == '+' && sb.isEmpty())) {
                sb.append(c);
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return dialled; // not a phone number (a name, a URI user with letters): compared verbatim
            }
        }
        String s = sb.toString();
        if (s.startsWith("+" + countryCode)) {
            return national(s.substring(1 + countryCode.length()));
        }
        if (s.startsWith("00" + countryCode) && s.length() > 2 + countryCode.length() + 8) {
            return national(s.substring(2 + countryCode.length()));
        }
        if (s.startsWith(countryCode) && s.length() >= countryCode.length() + 10) {
            return national(s.substring(countryCode.length()));
        }
        return s;
    }

    /**
     * The national form of what follows the country code: a trunk prefix written after it ("+55 (0)11 …") is
     * dropped, so that the result is never read as an international prefix again (normalizing is idempotent).
     */
    private static String national(String afterCountryCode) {
        int i = 0;
        while (i < afterCountryCode.length() && afterCountryCode.charAt(i) == '0') {
            i++;
        }
        return "0" + afterCountryCode.substring(i);
    }
}
