package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.STRONG;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import org.junit.jupiter.api.Test;

/**
 * Per-call options: {@code extensions[].direct_media / record / srtp / nat}, and numbers leading to an application
 * instead of an extension ({@code numbers[].application}, {@code numbers[].record}).
 */
class CallOptionsConfigTest {

    /** Lines 5-6: extension 1001. */
    private static final String EXTENSION = SERVER + """
            extensions:
              - { number: "1001", password: %s }
            """.formatted(STRONG);

    @Test
    void extensionOptionsDefaultToOff() throws Exception {
        assertThat(load(EXTENSION).extensions()).containsExactly(
                new ExtensionConfig("1001", STRONG, "1001", 3, false, false, false));
    }

    @Test
    void extensionOptionsAreBound() throws Exception {
        AtendeConfig c = load(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s, direct_media: true, srtp: true }
                  - { number: "1002", password: %1$s, record: TRUE, direct_media: false, srtp: false }
                """.formatted(STRONG));
        assertThat(c.extensions()).containsExactly(
                new ExtensionConfig("1001", STRONG, "1001", 3, true, false, true),
                new ExtensionConfig("1002", STRONG, "1002", 3, false, true, false));
    }

    @Test
    void extensionOptionsMustBeBooleans() {
        assertThat(problems(SERVER + """
                extensions:
                  - number: "1001"
                    password: %s
                    direct_media: yes
                    record: 1
                    srtp: [true]
                """.formatted(STRONG))).containsExactly(
                "t.yaml:8: extensions[0].direct_media: \"yes\" is not true or false",
                "t.yaml:9: extensions[0].record: \"1\" is not true or false",
                "t.yaml:10: extensions[0].srtp: expected a single value, found a list");
    }

    @Test
    void natModeDefaultsToAutoAndIsBound() throws Exception {
        AtendeConfig c = load(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s }
                  - { number: "1002", password: %1$s, nat: force }
                  - { number: "1003", password: %1$s, nat: NEVER }
                  - { number: "1004", password: %1$s, nat: auto }
                """.formatted(STRONG));
        assertThat(c.extensions()).extracting(ExtensionConfig::nat).containsExactly(ExtensionConfig.Nat.AUTO,
                ExtensionConfig.Nat.FORCE, ExtensionConfig.Nat.NEVER, ExtensionConfig.Nat.AUTO);
    }

    @Test
    void natModeMustBeOneOfTheThree() {
        assertThat(problems(SERVER + """
                extensions:
                  - number: "1001"
                    password: %1$s
                    nat: forced
                  - { number: "1002", password: %1$s, nat: yes }
                  - { number: "1003", password: %1$s, nat: [auto] }
                """.formatted(STRONG))).containsExactly(
                "t.yaml:8: extensions[0].nat: \"forced\" is not a NAT mode (did you mean force?)",
                "t.yaml:9: extensions[1].nat: \"yes\" is not a NAT mode (auto, force, never)",
                "t.yaml:10: extensions[2].nat: expected a single value, found a list");
    }

    @Test
    void directMediaCannotBeRecorded() {
        assertThat(problems(SERVER + """
                extensions:
                  - number: "1001"
                    password: %s
                    record: true
                    direct_media: true
                """.formatted(STRONG))).containsExactly(
                "t.yaml:9: extensions[0].direct_media: cannot be combined with record: true (the audio of a"
                        + " direct-media call never passes through Atende, so it cannot be recorded)");
    }

    @Test
    void aNumberMayLeadToTheEchoApplicationAndBeRecorded() throws Exception {
        AtendeConfig c = load(EXTENSION + """
                numbers:
                  - { number: "0800 123 4567", extension: "1001", record: true }
                  - { number: "0800 000 0043", application: ECHO }
                """);
        assertThat(c.numbers()).containsExactly(
                new NumberConfig("0800 123 4567", "08001234567", "1001", null, true),
                new NumberConfig("0800 000 0043", "08000000043", null, "echo", false));
        assertThat(c.number("+55 800 000 0043")).map(NumberConfig::application).contains("echo");
    }

    @Test
    void aTrunkMayDeliverANumberThatLeadsToAnApplication() throws Exception {
        AtendeConfig c = load(SERVER + """
                trunks:
                  - { name: carrier, allow: [192.0.2.200], numbers: ["0800 000 0043"] }
                numbers:
                  - { number: "0800 000 0043", application: echo, record: true }
                """);
        assertThat(c.trunks().get(0).numbers()).containsExactly("08000000043");
    }

    @Test
    void aNumberNeedsExactlyOneOfExtensionAndApplication() {
        assertThat(problems(EXTENSION + """
                numbers:
                  - { number: "0800 123 4567" }
                  - number: "0800 123 4568"
                    extension: "1001"
                    application: echo
                  - { number: "0800 123 4569", extension: "1002", application: echo }
                  - { number: "0800 123 4570", extension: ~, application: ~, record: true }
                """)).containsExactly(
                "t.yaml:8: numbers[0]: needs one of extension (the extension that answers), application (echo) or flow (an IVR flow under flows:)",
                "t.yaml:9: numbers[1]: has both extension and application; a number leads to exactly one of extension, application or flow",
                "t.yaml:12: numbers[2].extension: \"1002\" is not a configured extension",
                "t.yaml:12: numbers[2]: has both extension and application; a number leads to exactly one of extension, application or flow",
                "t.yaml:13: numbers[3]: needs one of extension (the extension that answers), application (echo) or flow (an IVR flow under flows:)");
    }

    @Test
    void unknownApplicationsAreReported() {
        assertThat(problems(EXTENSION + """
                numbers:
                  - { number: "0800 000 0043", application: ecoh }
                  - { number: "0800 000 0044", application: ivr }
                  - { number: "0800 000 0045", application: "" }
                  - { number: "0800 000 0046", application: echo, record: sometimes }
                """)).containsExactly(
                "t.yaml:8: numbers[0].application: \"ecoh\" is not an application (did you mean echo?)",
                "t.yaml:9: numbers[1].application: \"ivr\" is not an application (known: echo)",
                "t.yaml:10: numbers[2].application: must not be empty",
                "t.yaml:11: numbers[3].record: \"sometimes\" is not true or false");
    }

    @Test
    void numberOptionsBelongToNumbersNotTrunks() {
        assertThat(problems(SERVER + """
                trunks:
                  - { name: carrier, allow: [192.0.2.200], application: echo }
                """)).containsExactly(
                "t.yaml:6: trunks[0].application: unknown key here (application belongs under numbers[])");
    }
}
