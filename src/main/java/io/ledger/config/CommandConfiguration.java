package io.ledger.config;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;

import io.ledger.api.EventMetadata;
import io.ledger.storage.StoreReachability;

/**
 * Every command carries who sent it; every event it causes carries the same, with correlation and
 * causation ids. A command that lost an optimistic-concurrency race is retried with growing pauses; one
 * that found the store unreachable is not.
 */
@Configuration(proxyBeanMethods = false)
public class CommandConfiguration {

    /** Each retry runs the whole command on one of these threads: a slow one must not hold every other. */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newScheduledThreadPool(4, r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
            MongoClient mongoClient) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                // nodes racing on one program: each retry doubles the pause (10 ms … 1.3 s, 2.5 s in all),
                // so that the losers of a race do not all come back at the same moment to race again
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .maxRetryCount(8)
                        .backoffFactor(10)
                        // a store that cannot be reached is not there moments later either: each retry would
                        // wait out the server selection again and hold the request for half a minute
                        .addNonTransientFailurePredicate(CommandConfiguration::storeUnreachable)
                        .build())
                .dispatchInterceptors(List.of(storeKnownUnreachable(new StoreReachability(
                                mongoClient::getClusterDescription)),
                        authenticatedUser()))
                .build();
    }

    /**
     * No server found or no connection opened (nothing was sent, and nothing will be moments later), or
     * a store too slow to answer in time: retrying would hold the request for another full timeout each
     * time. The client hears 503 and repeats with the same id.
     */
    static boolean storeUnreachable(Throwable failure) {
        return failure instanceof MongoTimeoutException || failure instanceof MongoSocketOpenException
                || failure instanceof MongoSocketReadTimeoutException || failure instanceof MongoWriteConcernException;
    }

    /**
     * Refuses a command at once while the driver knows that no member of the store can be reached:
     * commands on one aggregate queue on its lock, and each would otherwise wait out the server
     * selection in turn (the event store checks again before each load and append, for those already queued).
     */
    static MessageDispatchInterceptor<CommandMessage<?>> storeKnownUnreachable(StoreReachability store) {
        return messages -> (index, message) -> {
            store.refuseWhenNoMemberReachable();
            return message;
        };
    }

    static MessageDispatchInterceptor<CommandMessage<?>> authenticatedUser() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, message) -> {
                    if (message.getMetaData().containsKey(EventMetadata.USER)) {
                        return message;
                    }
                    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                    String user = authentication == null ? "system" : authentication.getName();
                    String roles = authentication == null ? "SYSTEM" : String.join(",",
                            authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                                    .map(a -> a.replaceFirst("^ROLE_", "")).sorted().toList());
                    return message.andMetaData(Map.of(EventMetadata.USER, user, EventMetadata.ROLES, roles));
                };
            }
        };
    }

    @Bean
    CorrelationDataProvider userCorrelation() {
        return new SimpleCorrelationDataProvider(EventMetadata.USER, EventMetadata.ROLES);
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }
}
