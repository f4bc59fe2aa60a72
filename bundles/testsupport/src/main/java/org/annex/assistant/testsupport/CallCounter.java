package org.annex.assistant.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls of one method on a real implementation, for tests that assert how often the code under
 * test asked for expensive work (such as hashing a file); every call still goes to the real object.
 */
public final class CallCounter<T> {
    private final AtomicInteger calls = new AtomicInteger();
    private final T proxy;

    @SuppressWarnings("unchecked")
    public CallCounter(Class<T> type, T target, String methodName) {
        proxy = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (method.getName().equals(methodName)) {
                calls.incrementAndGet();
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** The object to hand to the code under test. */
    public T proxy() {
        return proxy;
    }

    public int calls() {
        return calls.get();
    }
}
