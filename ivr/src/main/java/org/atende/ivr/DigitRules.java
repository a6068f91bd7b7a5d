package org.atende.ivr;

import org.atende.config.flow.Node.Rule;

/** Validates what a caller typed into a collect node against its {@link Rule}. Pure functions. */
public final class DigitRules {

    private DigitRules() {
    }

    /** Whether {@code value} (the keys typed, terminator excluded) passes {@code rule}. */
    public static boolean isValid(Rule rule, String value) {
        if (rule instanceof Rule.Digits) {
            return !value.isEmpty() && allDigits(value);
        }
        if (rule instanceof Rule.Cpf) {
            return isCpf(value);
        }
        if (rule instanceof Rule.Cnpj) {
            return isCnpj(value);
        }
        if (rule instanceof Rule.Phone) {
            return isPhone(value);
        }
        if (rule instanceof Rule.Regex r) {
            return r.pattern().matcher(value).matches();
        }
        throw new IllegalArgumentException("unknown rule " + rule);
    }

    /** A CPF: 11 digits, both check digits right, not all the same digit (those pass the check digits but are invalid). */
    public static boolean isCpf(String value) {
        if (value.length() != 11 || !allDigits(value) || allSame(value)) {
            return false;
        }
        return checkDigit(value, 9, 10) == digit(value, 9) && checkDigit(value, 10, 11) == digit(value, 10);
    }

    private static int checkDigit(String cpf, int count, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += digit(cpf, i) * (firstWeight - i);
        }
        int r = sum * 10 % 11;
        return r == 10 ? 0 : r;
    }

    private static final int[] CNPJ_WEIGHTS = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    /**
     * A CNPJ: 14 digits, both check digits right (weights 5..2,9..2 then 6..2,9..2, modulo 11). All-same-digit
     * values are rejected too: "00000000000000" passes the arithmetic but is no company.
     */
    public static boolean isCnpj(String value) {
        if (value.length() != 14 || !allDigits(value) || allSame(value)) {
            return false;
        }
        return cnpjCheckDigit(value, 12) == digit(value, 12) && cnpjCheckDigit(value, 13) == digit(value, 13);
    }

    private static int cnpjCheckDigit(String cnpj, int count) {
        int offset = CNPJ_WEIGHTS.length - count;
        int sum = 0;
        for (int i = 0; i < count; i++) {
            sum += digit(cnpj, i) * CNPJ_WEIGHTS[offset + i];
        }
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    /** A Brazilian phone number with area code: 10 (landline) or 11 (mobile) digits, DDD 11..99. */
    public static boolean isPhone(String value) {
        if ((value.length() != 10 && value.length() != 11) || !allDigits(value)) {
            return false;
        }
        int ddd = digit(value, 0) * 10 + digit(value, 1);
        return ddd >= 11;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean allSame(String s) {
        return s.chars().allMatch(c -> c == s.charAt(0));
    }

    private static int digit(String s, int i) {
        return s.charAt(i) - '0';
    }
}
