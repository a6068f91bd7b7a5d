package org.atende.config;

import java.util.ArrayList;
import java.util.List;

/** The rules an extension password must pass outside demo mode. Messages never contain the password. */
final class Passwords {

    static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    /**
     * The rules this password breaks, each as a short phrase; empty when it is acceptable.
     *
     * @param number the extension number, or null when it is not known
     */
    static List<String> weaknesses(String password, String number) {
        List<String> broken = new ArrayList<>();
        if (password.length() < MIN_LENGTH) {
            broken.add("shorter than " + MIN_LENGTH + " characters");
        }
        if (number != null && !number.isEmpty() && password.contains(number)) {
            broken.add("contains the extension number");
        }
        if (password.chars().allMatch(Character::isDigit)) {
            broken.add("digits only");
        }
        return broken;
    }
}
