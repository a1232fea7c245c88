package io.ledger.audit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import io.ledger.audit.AuditService.Evidence;
import io.ledger.audit.AuditService.Folded;
import io.ledger.audit.FoldCheckpoints.Checkpoint;
import io.ledger.eventstore.CommitLog;
import io.ledger.eventstore.StoredCommit;
import io.ledger.incentive.api.IncentiveCommands;

/**
 * A program's fold over its commits recorded up to an instant, with the evidence of exactly those
 * commits. It starts from the latest trustworthy checkpoint recorded before the instant (or from
 * the first event) and folds the rest with the same rule; the answer is the same either way, and
 * so is the evidence: the digest continues from the checkpoint's running state.
 */
final class ProgramReplay {

    private final CommitLog engine;
    private final FoldCheckpoints checkpoints;

    /** @param checkpoints null to fold every event each time */
    ProgramReplay(CommitLog engine, FoldCheckpoints checkpoints) {
        this.engine = engine;
        this.checkpoints = checkpoints;
    }

    Folded fold(String programId, Instant asOf) {
        if (checkpoints != null) {
            for (BsonDocument candidate : checkpoints.candidates(programId, asOf)) {
                var checkpoint = checkpoints.verified(candidate, programId);
                if (checkpoint.isPresent()) {
                    Folded folded = fold(programId, asOf, checkpoint.get());
                    if (folded != null) {
                        return folded;
                    }
                }
            }
        }
        return fold(programId, asOf, null);
    }

    /** The fold from {@code start} (from the first event when null); null when the checkpoint no longer matches the events. */
    private Folded fold(String programId, Instant asOf, Checkpoint start) {
        String aggregateId = IncentiveCommands.programAggregateId(programId);
        Run run = start == null ? new Run(programId) : new Run(start);
        try (Stream<BsonDocument> commits = engine.aggregateCommits(aggregateId,
                start == null ? 0 : start.lastCommitFirstSequence())) {
            Iterator<BsonDocument> it = commits.iterator();
            if (start != null) {
                // the checkpoint's last commit must still be there, byte for byte
                if (!it.hasNext() || !FoldCheckpoints.commitHash(bytes(it.next())).equals(start.lastCommitHash())) {
                    return null;
                }
            }
            while (it.hasNext()) {
                BsonDocument raw = it.next();
                StoredCommit commit = StoredCommit.of(raw, aggregateId);
                Instant recorded = Instant.parse(commit.events().get(0).timestamp());
                if (asOf != null && recorded.isAfter(asOf)) {
                    break; // a later commit of the same aggregate cannot have been recorded earlier
                }
                run.include(raw, commit, recorded);
            }
        }
        run.flush();
        if (checkpoints != null) {
            checkpoints.store(run.passed);
        }
        return new Folded(run.fold, new Evidence(run.events, run.lastPosition, run.lastSequence,
                HexFormat.of().formatHex(run.digest.digest())));
    }

    private static byte[] bytes(BsonDocument commit) {
        ByteBuffer nio = new RawBsonDocument(commit, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[nio.remaining()];
        nio.get(bytes);
        return bytes;
    }

    /** The state of one replay: the fold, the evidence so far, and the checkpoints it passes. */
    private final class Run {
        final String programId;
        final ProgramFold fold;
        final ResumableSha256 digest;
        final List<BsonDocument> unfolded = new ArrayList<>();
        final List<Checkpoint> passed = new ArrayList<>();
        long events;
        long lastPosition;
        long lastSequence = -1;
        Instant recordedUpTo = Instant.MIN;

        Run(String programId) {
            this.programId = programId;
            this.fold = new ProgramFold();
            this.digest = new ResumableSha256();
        }

        Run(Checkpoint start) {
            this.programId = start.programId();
            this.fold = start.fold();
            this.digest = ResumableSha256.resume(start.digestState());
            this.events = start.events();
            this.lastPosition = start.lastPosition();
            this.lastSequence = start.lastSequence();
            this.recordedUpTo = start.recordedUpTo();
        }

        void include(BsonDocument raw, StoredCommit commit, Instant recorded) {
            byte[] bytes = bytes(raw);
            digest.update(ByteBuffer.wrap(bytes));
            long before = events;
            events += commit.events().size();
            lastPosition = commit.lastPosition();
            lastSequence = commit.events().get(commit.events().size() - 1).sequence();
            recordedUpTo = recorded.isAfter(recordedUpTo) ? recorded : recordedUpTo;
            unfolded.add(raw);
            if (checkpoints != null && events / checkpoints.every() > before / checkpoints.every()) {
                flush();
                passed.add(new Checkpoint(programId, events / checkpoints.every(), events, lastPosition, lastSequence,
                        commit.events().get(0).sequence(), FoldCheckpoints.commitHash(bytes), recordedUpTo,
                        digest.state(), fold.copy()));
            }
        }

        /** Folds the commits included since the last flush. */
        void flush() {
            if (!unfolded.isEmpty()) {
                engine.deserialize(unfolded, IncentiveCommands.programAggregateId(programId)).asStream()
                        .map(DomainEventMessage::getPayload).forEach(fold::apply);
                unfolded.clear();
            }
        }
    }
}
