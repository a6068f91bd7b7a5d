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
            return "0" + s.substring(1 + countryCode.length());
        }
        if (s.startsWith("00" + countryCode) && s.length() > 2 + countryCode.length() + 8) {
            return "0" + s.substring(2 + countryCode.length());
        }
        if (s.startsWith(countryCode) && s.length() >= countryCode.length() + 10) {
            return "0" + s.substring(countryCode.length());
        }
        return s;
    }
}
