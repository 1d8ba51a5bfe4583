package cmt.replay;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The binary form of a record, derived from its components: what lets a child process hand a
 * {@link ReplayResult} (or its {@link Settings}) over without a hand-written field list, so that a new
 * component needs no change here. Both ends are the same build of cmt, so the form has no versions; the
 * components' names are written too, and a reader that meets another name than it expects stops there.
 *
 * <pre>
 * record          for each component, in declaration order: its name (string), then its value
 * boolean         1 byte (DataOutput: big-endian throughout)
 * int             4 bytes
 * long            8 bytes
 * double          8 bytes (IEEE 754; NaN kept)
 * String          int n = length in UTF-8 bytes, or -1 for null; n bytes
 * enum            its constant's name, as a string
 * List&lt;E&gt;         int count; count values of E
 * Map&lt;String, V&gt;  int count; count pairs of key (string) and value (V), in the map's order
 * Histogram       int n; n bytes of HdrHistogram's own compressed encoding
 * </pre>
 * A boxed number is written as its primitive; a record's type variable ({@code PerOp<Histogram>}) is
 * resolved from the type the record was declared with.
 */
final class RecordFormat {
    private RecordFormat() {
    }

    /** Writes {@code value}, component by component. */
    static void write(DataOutput out, Record value) throws IOException {
        write(out, value, value.getClass());
    }

    /** Reads a {@code type} written by {@link #write(DataOutput, Record)}. */
    static <R extends Record> R read(DataInput in, Class<R> type) throws IOException {
        return type.cast(read(in, (Type) type));
    }

    private static void write(DataOutput out, Object value, Type type) throws IOException {
        Form.of(type).writer.write(out, value, type);
    }

    private static Object read(DataInput in, Type type) throws IOException {
        return Form.of(type).reader.read(in, type);
    }

    /** How a value of each kind of type is written and read back: the table above, row by row. */
    private enum Form {
        BOOLEAN((out, v, t) -> out.writeBoolean((Boolean) v), (in, t) -> in.readBoolean()),
        INT((out, v, t) -> out.writeInt((Integer) v), (in, t) -> in.readInt()),
        LONG((out, v, t) -> out.writeLong((Long) v), (in, t) -> in.readLong()),
        DOUBLE((out, v, t) -> out.writeDouble((Double) v), (in, t) -> in.readDouble()),
        STRING((out, v, t) -> writeString(out, (String) v), (in, t) -> readString(in)),
        ENUM((out, v, t) -> writeString(out, ((Enum<?>) v).name()), RecordFormat::readEnum),
        HISTOGRAM(RecordFormat::writeHistogram, RecordFormat::readHistogram),
        LIST(RecordFormat::writeList, RecordFormat::readList),
        MAP(RecordFormat::writeMap, RecordFormat::readMap),
        RECORD(RecordFormat::writeRecord, RecordFormat::readRecord);

        private final Writer writer;
        private final Reader reader;

        Form(Writer writer, Reader reader) {
            this.writer = writer;
            this.reader = reader;
        }

        /** The form of {@code type}; a boxed number has its primitive's. */
        static Form of(Type type) {
            Class<?> c = MethodType.methodType(raw(type)).unwrap().returnType();
            if (c == boolean.class) {
                return BOOLEAN;
            } else if (c == int.class) {
                return INT;
            } else if (c == long.class) {
                return LONG;
            } else if (c == double.class) {
                return DOUBLE;
            } else if (c == String.class) {
                return STRING;
            } else if (c.isEnum()) {
                return ENUM;
            } else if (c == Histogram.class) {
                return HISTOGRAM;
            } else if (c == List.class) {
                return LIST;
            } else if (c == Map.class && argument(type, 0) == String.class) {
                return MAP;
            } else if (c.isRecord()) {
                return RECORD;
            }
            throw new IllegalArgumentException("no binary form for " + type.getTypeName());
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutput out, Object value, Type type) throws IOException;
    }

    @FunctionalInterface
    private interface Reader {
        Object read(DataInput in, Type type) throws IOException;
    }

    private static Object readEnum(DataInput in, Type type) throws IOException {
        String name = readString(in);
        for (Object c : raw(type).getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) {
                return c;
            }
        }
        throw new IOException("no " + raw(type).getSimpleName() + " named " + name);
    }

    private static void writeHistogram(DataOutput out, Object value, Type type) throws IOException {
        Histogram h = (Histogram) value;
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        out.writeInt(n);
        out.write(b.array(), 0, n);
    }

    private static Object readHistogram(DataInput in, Type type) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(b), 0);
        } catch (DataFormatException e) {
            throw new IOException("bad histogram: " + e.getMessage(), e);
        }
    }

    private static void writeList(DataOutput out, Object value, Type type) throws IOException {
        List<?> list = (List<?>) value;
        out.writeInt(list.size());
        for (Object e : list) {
            write(out, e, argument(type, 0));
        }
    }

    private static Object readList(DataInput in, Type type) throws IOException {
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read(in, argument(type, 0)));
        }
        return list;
    }

    private static void writeMap(DataOutput out, Object value, Type type) throws IOException {
        Map<?, ?> map = (Map<?, ?>) value;
        out.writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            writeString(out, (String) e.getKey());
            write(out, e.getValue(), argument(type, 1));
        }
    }

    private static Object readMap(DataInput in, Type type) throws IOException {
        int n = in.readInt();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), read(in, argument(type, 1)));
        }
        return map;
    }

    private static void writeRecord(DataOutput out, Object value, Type type) throws IOException {
        for (RecordComponent c : raw(type).getRecordComponents()) {
            writeString(out, c.getName());
            write(out, get(c, value), resolve(c.getGenericType(), type));
        }
    }

    private static Object readRecord(DataInput in, Type type) throws IOException {
        RecordComponent[] cs = raw(type).getRecordComponents();
        Object[] values = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            String name = readString(in);
            if (!cs[i].getName().equals(name)) {
                throw new IOException(raw(type).getSimpleName() + "." + cs[i].getName() + " expected, " + name
                        + " found");
            }
            values[i] = read(in, resolve(cs[i].getGenericType(), type));
        }
        return construct(raw(type), cs, values);
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    private static Object construct(Class<?> raw, RecordComponent[] cs, Object[] values) throws IOException {
        try {
            Constructor<?> canonical = raw.getDeclaredConstructor(
                    Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IOException("refused by " + raw.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + raw.getName(), e);
        }
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("no binary form for " + type.getTypeName());
    }

    private static Type argument(Type type, int i) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException("a raw " + type.getTypeName() + " has no element type");
    }

    /** {@code T} of {@code PerOp<T>} as {@code owner} ({@code PerOp<Histogram>}) binds it. */
    private static Type resolve(Type component, Type owner) {
        if (component instanceof TypeVariable<?> v && owner instanceof ParameterizedType p) {
            TypeVariable<?>[] params = ((Class<?>) p.getRawType()).getTypeParameters();
            for (int i = 0; i < params.length; i++) {
                if (params[i].getName().equals(v.getName())) {
                    return p.getActualTypeArguments()[i];
                }
            }
        }
        return component;
    }
}
