package io.ledger.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.conversions.Bson;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

/**
 * A database whose collections pass every call through a {@link Faults} hook, so that a test can
 * make the store answer what a replica set answers in trouble (a write-concern timeout, a lost
 * reply, a read that does not see a write yet) at an exact call.
 */
public final class FaultyMongo {

    /** One call on a collection: its name and arguments, and the real call. */
    public record Call(String collection, String method, Object[] args, Target target) {

        public Object proceed() throws Throwable {
            return target.invoke(args);
        }

        /** The real call with another filter in place of the first argument. */
        public Object proceedWithFilter(Bson filter) throws Throwable {
            Object[] changed = args.clone();
            changed[0] = filter;
            return target.invoke(changed);
        }

        public boolean is(String collectionName, String methodName) {
            return collection.equals(collectionName) && method.equals(methodName);
        }

        /** The document of an insertOne. */
        public BsonDocument document() {
            return (BsonDocument) args[0];
        }
    }

    @FunctionalInterface
    public interface Target {
        Object invoke(Object[] args) throws Throwable;
    }

    @FunctionalInterface
    public interface Faults {
        Object on(Call call) throws Throwable;
    }

    private FaultyMongo() {
    }

    public static MongoDatabase wrap(MongoDatabase database, Faults faults) {
        return (MongoDatabase) Proxy.newProxyInstance(FaultyMongo.class.getClassLoader(),
                new Class<?>[] {MongoDatabase.class}, (proxy, method, args) -> {
                    Object result = invoke(database, method, args);
                    if (result instanceof MongoCollection<?> collection && method.getName().equals("getCollection")) {
                        return collection(collection, faults);
                    }
                    return result;
                });
    }

    private static MongoCollection<?> collection(MongoCollection<?> collection, Faults faults) {
        String name = collection.getNamespace().getCollectionName();
        return (MongoCollection<?>) Proxy.newProxyInstance(FaultyMongo.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    Object result = faults.on(new Call(name, method.getName(), args == null ? new Object[0] : args,
                            a -> invoke(collection, method, a.length == 0 ? null : a)));
                    // withReadConcern(…) and the like: the same collection read otherwise, with the same faults
                    return result instanceof MongoCollection<?> derived && method.getName().startsWith("with")
                            ? collection(derived, faults) : result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** What a replica set answers a bulk insert that the primary applied but a majority did not confirm in time. */
    public static MongoBulkWriteException writeConcernTimeout(int inserted) {
        return new MongoBulkWriteException(BulkWriteResult.acknowledged(inserted, 0, 0, 0, List.of(),
                List.of()), List.of(), new WriteConcernError(64, "WriteConcernFailed",
                        "waiting for replication timed out", new BsonDocument()), new ServerAddress(), Set.of());
    }

    /** A duplicate-key error worded as every MongoDB server words it, naming the index that refused. */
    public static MongoWriteException duplicateKey(String index, String key) {
        return new MongoWriteException(new WriteError(11000, "E11000 duplicate key error collection: ledger.events "
                + "index: " + index + " dup key: { " + key + " }", new BsonDocument()), new ServerAddress(), Set.of());
    }

    public static MongoSocketReadException lostReply() {
        return new MongoSocketReadException("connection reset while reading the reply", new ServerAddress());
    }
}
