package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.problems;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of(
            "SIP_TRUNK_PASSWORD", "s3cret-Value!",
            "HOST", "sip.carrier.example",
            "EMPTY", "",
            "PORT", "5070",
            "BADPORT", "fifty");

    private static EnvSubstitution.Result apply(String text) {
        return EnvSubstitution.apply(text, ENV);
    }

    @Test
    void replacesVariablesAnywhereInAValue() {
        assertThat(apply("${SIP_TRUNK_PASSWORD}").value()).isEqualTo("s3cret-Value!");
        assertThat(apply("sip:${HOST}:5060").value()).isEqualTo("sip:sip.carrier.example:5060");
        assertThat(apply("${HOST}${PORT}").value()).isEqualTo("sip.carrier.example5070");
        assertThat(apply("${HOST}").replaced()).isTrue();
    }

    @Test
    void defaultAppliesWhenUnsetOrEmpty() {
        assertThat(apply("${NOPE:-fallback}").value()).isEqualTo("fallback");
        assertThat(apply("${EMPTY:-fallback}").value()).isEqualTo("fallback");
        assertThat(apply("${HOST:-fallback}").value()).isEqualTo("sip.carrier.example");
        assertThat(apply("${NOPE:-}").value()).isEmpty();
        assertThat(apply("${NOPE:-a:-b}").value()).isEqualTo("a:-b");
    }

    @Test
    void doubleDollarEscapesALiteralReference() {
        EnvSubstitution.Result r = apply("pa$${HOST}ss$$x$");
        assertThat(r.value()).isEqualTo("pa${HOST}ss$$x$");
        assertThat(r.replaced()).isFalse();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void textWithoutReferencesIsUntouched() {
        assertThat(apply("cost: $5 {ok}").value()).isEqualTo("cost: $5 {ok}");
    }

    @Test
    void unsetVariableWithoutDefaultIsAProblemNamingIt() {
        assertThat(apply("${A}-${B:-b}-${C}").problems()).containsExactly(
                "environment variable A is not set (write ${A:-default} to give a default)",
                "environment variable C is not set (write ${C:-default} to give a default)");
    }

    @Test
    void malformedReferencesAreProblems() {
        assertThat(apply("${HOST").problems()).containsExactly("unterminated ${ (write $${ for a literal ${)");
        assertThat(apply("${1X}").problems()).singleElement().asString().startsWith("${1X} is not a variable");
        assertThat(apply("${}").problems()).hasSize(1);
        assertThat(apply("${A:-${B}}").problems()).containsExactly(
                "nested ${ in the default of ${A} is not supported");
    }

    @Test
    void loaderSubstitutesScalarsBeforeConvertingThem() throws Exception {
        AtendeConfig c = ConfigLoader.parse("""
                server:
                  domain: ${DOMAIN:-pbx.example.com}
                  listen: [{ port: "${PORT}" }]
                trunks:
                  - name: carrier
                    trusted: ${TRUSTED:-true}
                    registration:
                      registrar: sip:${HOST}
                      username: atende
                      password: ${SIP_TRUNK_PASSWORD}
                """, "t.yaml", ENV);
        assertThat(c.server().domain()).isEqualTo("pbx.example.com");
        assertThat(c.server().listen().get(0).port()).isEqualTo(5070);
        assertThat(c.trunks().get(0).trusted()).isTrue();
        assertThat(c.trunks().get(0).registration().orElseThrow().registrar()).isEqualTo("sip:sip.carrier.example");
        assertThat(c.trunks().get(0).registration().orElseThrow().password()).isEqualTo("s3cret-Value!");
    }

    @Test
    void missingVariableIsReportedAtItsLineAndPath() {
        assertThat(problems(SERVER + """
                trunks:
                  - name: carrier
                    registration:
                      registrar: sip:sip.carrier.example
                      username: atende
                      password: ${SIP_TRUNK_PASSWORD}
                """)).containsExactly("t.yaml:10: trunks[0].registration.password: environment variable"
                + " SIP_TRUNK_PASSWORD is not set (write ${SIP_TRUNK_PASSWORD:-default} to give a default)");
    }

    @Test
    void messagesShowTheReferenceNeverTheEnvironmentValue() {
        assertThat(problems("""
                server:
                  domain: pbx.example.com
                  listen: [{ port: "${BADPORT}" }]
                extensions:
                  - { number: "1001", password: "${SIP_TRUNK_PASSWORD}1001" }
                """, ENV)).containsExactly(
                "t.yaml:3: server.listen[0].port: \"${BADPORT}\" is not a whole number",
                "t.yaml:5: extensions[0].password: weak password: contains the extension number"
                        + " (weak passwords are accepted only with demo: true)");
    }
}
