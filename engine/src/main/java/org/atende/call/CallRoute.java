package org.atende.call;

import gov.nist.javax.sip.message.SIPResponse;

/** What the router decided for a new INVITE. */
public sealed interface CallRoute {

    /** The trunk a routed call comes from; null for an extension's call or a refusal. */
    static String trunkOf(CallRoute route) {
        CallerId caller = null;
        if (route instanceof ToExtension to) {
            caller = to.caller();
        } else if (route instanceof ToFlow flow) {
            caller = flow.caller();
        } else if (route instanceof ToApplication app) {
            caller = app.caller();
        }
        return caller == null ? null : caller.trunk();
    }

    /** Ring the registered contacts of an extension. */
    record ToExtension(String extension, CallerId caller, String dialled, MediaPolicy media) implements CallRoute {
    }

    /** Answer and run an IVR flow; {@code survey} is the number's own post-call survey, if it has one. */
    record ToFlow(String flow, CallerId caller, String dialled, MediaPolicy media,
                  java.util.Optional<org.atende.config.flow.Survey> survey) implements CallRoute {
    }

    /** Answer with a built-in application ({@code echo}). */
    record ToApplication(String application, CallerId caller, String dialled, MediaPolicy media) implements CallRoute {
    }

    /** An extension dials an external number: through the dial-out trunk, if the toll-fraud guard allows it. */
    record ToExternal(String number, String trunk, CallerId caller, MediaPolicy media) implements CallRoute {
    }

    /**
     * An extension dialled an agent feature code ({@code *45} log in, {@code *46} log out, {@code *47} pause,
     * {@code *48} unpause): answered by {@link AgentFeature}.
     *
     * @param argument what was dialled after the code ({@code 2} of {@code *472}: a pause reason's code)
     */
    record ToFeature(AgentFeature.Code code, String argument, CallerId caller, String dialled, MediaPolicy media)
            implements CallRoute {
    }

    /** Answer with this status and stop. */
    record Reject(int status, String reason) implements CallRoute {
    }

    /** Answer with a ready response (a digest challenge) and stop. */
    record Respond(SIPResponse response, java.time.Duration delay) implements CallRoute {

        public Respond(SIPResponse response) {
            this(response, java.time.Duration.ZERO);
        }
    }
}
