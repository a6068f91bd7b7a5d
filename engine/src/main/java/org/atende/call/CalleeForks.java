package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sip.address.URI;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ClientTransaction;
import org.atende.sip.transport.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INVITEs one call sends toward its callee: one fork per registered contact (RFC 3261 §16.7 in spirit, as a
 * B2BUA), one per queue agent's contact, or one to a carrier's proxy. It sends them, answers a carrier's digest
 * challenge once, cancels or withdraws them, takes down a fork that answers after another one did (ACK, then BYE:
 * RFC 3261 §13.2.2.4), and ranks the failures so that the caller gets the best one when every contact said no.
 * The first 2xx wins; the forks it beats are told {@code Reason: SIP;cause=200;text="Call completed elsewhere"}
 * (RFC 3326) in their CANCEL, or in the BYE after the ACK when their own 2xx crossed it, so their phones log no
 * missed call; every other CANCEL has no Reason (a missed call). What an answer or a failure means for the call is the {@link Owner}'s business. Runs on the call's event loop.
 */
final class CalleeForks {

    private static final Logger log = LoggerFactory.getLogger(CalleeForks.class);

    /** Where one INVITE goes: a registered contact, or a carrier's proxy (Request-URI, and where it is sent). */
    record Destination(String uri, Endpoint peer, String user) {

        /** One destination per registered contact of {@code user}. */
        static List<Destination> contacts(List<org.atende.sip.registrar.Binding> bindings, String user) {
            return bindings.stream().map(b -> new Destination(b.contactUri(), b.destination(), user)).toList();
        }
    }

    /** The call, as the forks see it. Every method runs on the call's event loop. */
    interface Owner {
        /** Whether an answer would still be taken (the caller waits for one). */
        boolean wantsAnswer();

        /** A provisional response (not 100) from a contact. */
        void provisional(SIPResponse response);

        /** The first wanted answer; {@code dialog} is its new dialog, not yet bound. */
        void answered(Fork fork, Dialog dialog, SIPResponse ok);

        /** The answered fork's 2xx came again: the owner sends its ACK again. */
        void answerRetransmitted();

        /** Every contact that was not an agent's failed; {@code status} is the best failure to pass on. */
        void allFailed(int status, String reason);

        /** Every contact of queue agent {@code agent} failed (the offer was not withdrawn). */
        void agentRefused(String agent, String why);
    }

    private final CallHost host;
    private final String callId;
    private final Owner owner;
    private final Function<Destination, SIPRequest> inviteFor;
    private final List<Fork> forks = new ArrayList<>();
    private Fork answered;
    private TrunkTarget trunk;
    private int bestFailure;
    private String bestFailureReason;

    /** {@code inviteFor} builds the INVITE for one destination (the owner's identity and SDP in it). */
    CalleeForks(CallHost host, String callId, Owner owner, Function<Destination, SIPRequest> inviteFor) {
        this.host = host;
        this.callId = callId;
        this.owner = owner;
        this.inviteFor = inviteFor;
    }

    /** The carrier the forks go to (its credentials answer a challenge), set before ringing it. */
    void throughTrunk(TrunkTarget target) {
        this.trunk = target;
    }

    /** Sends one INVITE to each destination; {@code agent} is the queue agent they offer the call to, or null. */
    void ring(List<Destination> destinations, String agent) {
        if (agent != null) {
            // a long wait makes many offers: forget the finished ones (their transactions end on their own)
            forks.removeIf(f -> f.done && f.agent != null);
        }
        for (Destination destination : destinations) {
            SIPRequest invite = inviteFor.apply(destination);
            send(new Fork(destination, invite, false, agent), invite);
        }
    }

    int size() {
        return forks.size();
    }

    /** The fork that answered, or empty. */
    Optional<Fork> answered() {
        return Optional.ofNullable(answered);
    }

    /** The answer was refused after all (its media unusable): the fork was taken down, no fork answered. */
    void answerRefused(Dialog dialog, SIPResponse ok) {
        Fork fork = answered;
        answered = null;
        takeDown(fork, dialog, ok, false);
    }

    /**
     * CANCELs every fork still trying, with no Reason: nobody answered (the caller hung up, the ring timed out, the
     * call ended), so each phone logs a missed call.
     */
    void cancel() {
        for (Fork f : forks) {
            if (!f.done) {
                f.tx.cancel();
            }
        }
    }

    /**
     * {@code taker} answered: CANCELs every other fork still trying (the callee's other contacts, the other agents
     * a queue rang) with {@code Reason: SIP;cause=200;text="Call completed elsewhere"}, so they log no missed call.
     */
    private void cancelOthers(Fork taker) {
        for (Fork f : forks) {
            if (f != taker && !f.done) {
                f.tx.cancel(SipBuilder.completedElsewhere());
            }
        }
    }

    /**
     * Stops ringing {@code agent}'s phones: CANCEL with no Reason (the ring timed out, the call left the queue: a
     * missed call), and a late 2xx is taken down.
     */
    void withdraw(String agent) {
        for (Fork f : forks) {
            if (agent.equals(f.agent) && !f.done) {
                f.withdrawn = true;
                f.done = true;
                f.tx.cancel();
            }
        }
    }

    /**
     * An agent took the call: the other agents' forks, already cancelled as completed elsewhere, count as withdrawn,
     * so the queue withdrawing their offers sends nothing more.
     */
    void withdrawAllBut(Fork taken) {
        for (Fork f : forks) {
            if (f != taken && !f.done) {
                f.withdrawn = true;
                f.done = true;
            }
        }
    }

    /** The call ended: nothing of the forks is kept (their transactions end on their own). */
    void clear() {
        forks.clear();
    }

    private void send(Fork fork, SIPRequest invite) {
        forks.add(fork);
        fork.tx = host.transactions().sendRequest(invite, fork.destination.peer(), fork);
    }

    private void onResponse(Fork fork, SIPResponse response) {
        int status = response.getStatusCode();
        if (status < 200) {
            if (status > 100) {
                owner.provisional(response);
            }
        } else if (status < 300) {
            onAnswer(fork, response);
        } else if ((status == 401 || status == 407) && retryWithCredentials(fork, response)) {
            log.debug("call {}: trunk {} asked for credentials; INVITE sent again", callId, trunk.trunk());
        } else {
            onFailure(fork, status, response.getReasonPhrase());
        }
    }

    /**
     * A carrier challenged our INVITE: send it again once with the trunk's digest credentials (new CSeq and
     * branch, same Call-ID and tags). False when there is nothing to answer with, or this was the answer.
     */
    private boolean retryWithCredentials(Fork fork, SIPResponse challenge) {
        if (fork.invite == null || fork.done || !owner.wantsAnswer()) {
            return false; // no credentials, or they were already sent and refused
        }
        SIPRequest retry = (SIPRequest) fork.invite.clone();
        fork.invite = null;
        Optional<javax.sip.header.Header> authorization = org.atende.sip.auth.DigestClient.authorize(retry,
                challenge, trunk.username().get(), trunk.password().get(), SipBuilder.newTag(), 1);
        if (authorization.isEmpty()) {
            return false;
        }
        try {
            retry.getCSeq().setSeqNumber(fork.cseq + 1);
        } catch (javax.sip.InvalidArgumentException e) {
            return false;
        }
        retry.setHeader(SipBuilder.via(host.listenPoint(fork.destination.peer())));
        retry.setHeader(authorization.get());
        fork.done = true; // replaced, not failed: it no longer counts towards "every contact failed"
        send(new Fork(fork.destination, retry, true, fork.agent), retry);
        return true;
    }

    private void onAnswer(Fork fork, SIPResponse ok) {
        if (fork == answered) {
            owner.answerRetransmitted();
            return;
        }
        fork.done = true;
        Dialog dialog = Dialog.asUac(ok, fork.requestUri, fork.destination.peer(),
                host.listenPoint(fork.destination.peer()));
        if (answered != null || fork.withdrawn || !owner.wantsAnswer()) {
            // another contact answered first (its 2xx crossed our CANCEL, or came before this one's 1xx), the offer
            // was withdrawn, or the caller is gone: take this one down, never bridge it; a retransmitted 2xx is
            // ACKed again but gets no second BYE. The owner hears nothing of it: a queue agent stays the ACD's to
            // free (the first answer withdrew the other offers).
            takeDown(fork, dialog, ok, answered != null);
            return;
        }
        answered = fork;
        cancelOthers(fork);
        owner.answered(fork, dialog, ok);
    }

    /**
     * ACK for {@code fork}'s 2xx, and a BYE for its dialog the first time (a retransmitted 2xx gets none); the BYE
     * says "Call completed elsewhere" (RFC 3326) when {@code elsewhere}, another fork having answered.
     */
    private void takeDown(Fork fork, Dialog dialog, SIPResponse ok, boolean elsewhere) {
        host.transactions().sendStateless(dialog.ack(ok.getCSeq().getSeqNumber()), dialog.peer());
        if (!fork.released) {
            fork.released = true;
            dialog.terminate();
            SIPRequest bye = dialog.newRequest(SIPRequest.BYE);
            if (elsewhere) {
                bye.setHeader(SipBuilder.completedElsewhere());
            }
            host.transactions().sendRequest(bye, dialog.peer(), IgnoringListener.INSTANCE);
            log.debug("call {}: contact {} answered {}; ACK and BYE", callId, fork.destination.uri(),
                    elsewhere ? "after another" : "too late");
        }
    }

    private void onFailure(Fork fork, int status, String reason) {
        if (fork.done) {
            return;
        }
        fork.done = true;
        if (fork.agent != null) {
            // one agent's phones all said no: the ACD tries another agent
            boolean agentDone = forks.stream().filter(f -> fork.agent.equals(f.agent)).allMatch(f -> f.done);
            if (agentDone && !fork.withdrawn) {
                owner.agentRefused(fork.agent, "answered " + status + " " + reason);
            }
            return;
        }
        if (rank(status) > rank(bestFailure)) {
            bestFailure = status;
            bestFailureReason = reason;
        }
        if (forks.stream().allMatch(f -> f.done)) {
            owner.allFailed(bestFailure, bestFailureReason);
        }
    }

    /** Which final response to give the caller when every contact failed (after RFC 3261 §16.7 step 6). */
    static int rank(int status) {
        if (status == 0) {
            return 0;
        }
        if (status >= 600) {
            return 1000 + status;
        }
        if (status == 486) {
            return 900;
        }
        if (status >= 400 && status != 408 && status != 480) {
            return 800 - status / 10;
        }
        return 100 + status / 100;
    }

    /** One contact being tried. */
    final class Fork implements ClientTransaction.Listener {
        final Destination destination;
        /** The INVITE, kept only while a carrier's challenge may need it sent again; null otherwise. */
        SIPRequest invite;
        final URI requestUri;
        final long cseq;
        /** The queue agent this INVITE offers the call to, or null. */
        final String agent;
        ClientTransaction tx;
        boolean done;
        /** A BYE took down the dialog its 2xx made (another fork won, or the caller was gone). */
        boolean released;
        /** The offer was withdrawn (timed out, cancelled by the ACD): a late 2xx is taken down. */
        boolean withdrawn;

        /** @param authenticated {@code invite} already carries our credentials: another challenge means refusal */
        Fork(Destination destination, SIPRequest invite, boolean authenticated, String agent) {
            this.destination = destination;
            this.invite = !authenticated && trunk != null && trunk.hasCredentials() ? invite : null;
            this.requestUri = invite.getRequestURI();
            this.cseq = invite.getCSeq().getSeqNumber();
            this.agent = agent;
        }

        @Override
        public void onResponse(ClientTransaction tx, SIPResponse response) {
            CalleeForks.this.onResponse(this, response);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            onFailure(this, 408, "Request Timeout");
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            log.debug("call {}: contact {} unreachable: {}", callId, destination.uri(), cause.toString());
            onFailure(this, 480, "Temporarily Unavailable");
        }
    }
}
