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
 * record      for each component, in declaration order: its name (string), then its value
 * boolean     1 byte (DataOutput: big-endian throughout)
 * int         4 bytes
 * long        8 bytes
 * double      8 bytes (IEEE 754; NaN kept)
 * String      int n = length in UTF-8 bytes, or -1 for null; n bytes
 * enum        its constant's name, as a string
 * List&lt;E&gt;     int count; count values of E
 * Map&lt;String, V&gt;  int count; count pairs of key (string) and value of V, in the map's order
 * Histogram   int n; n bytes of HdrHistogram's own compressed encoding
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
        Form.of(type).write(out, value, type);
    }

    private static Object read(DataInput in, Type type) throws IOException {
        return Form.of(type).read(in, type);
    }

    /** How a value of each kind of type is written and read back: the table above, row by row. */
    private enum Form {
        BOOLEAN {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                out.writeBoolean((Boolean) value);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                return in.readBoolean();
            }
        },
        INT {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                out.writeInt((Integer) value);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                return in.readInt();
            }
        },
        LONG {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                out.writeLong((Long) value);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                return in.readLong();
            }
        },
        DOUBLE {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                out.writeDouble((Double) value);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                return in.readDouble();
            }
        },
        STRING {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                writeString(out, (String) value);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                return readString(in);
            }
        },
        ENUM {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                writeString(out, ((Enum<?>) value).name());
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                String name = readString(in);
                for (Object c : raw(type).getEnumConstants()) {
                    if (((Enum<?>) c).name().equals(name)) {
                        return c;
                    }
                }
                throw new IOException("no " + raw(type).getSimpleName() + " named " + name);
            }
        },
        HISTOGRAM {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                Histogram h = (Histogram) value;
                ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int n = h.encodeIntoCompressedByteBuffer(b);
                out.writeInt(n);
                out.write(b.array(), 0, n);
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                try {
                    return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(b), 0);
                } catch (DataFormatException e) {
                    throw new IOException("bad histogram: " + e.getMessage(), e);
                }
            }
        },
        LIST {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                List<?> list = (List<?>) value;
                out.writeInt(list.size());
                for (Object e : list) {
                    RecordFormat.write(out, e, argument(type, 0));
                }
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(RecordFormat.read(in, argument(type, 0)));
                }
                return list;
            }
        },
        MAP {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                Map<?, ?> map = (Map<?, ?>) value;
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    writeString(out, (String) e.getKey());
                    RecordFormat.write(out, e.getValue(), argument(type, 1));
                }
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                int n = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(readString(in), RecordFormat.read(in, argument(type, 1)));
                }
                return map;
            }
        },
        RECORD {
            @Override
            void write(DataOutput out, Object value, Type type) throws IOException {
                for (RecordComponent c : raw(type).getRecordComponents()) {
                    writeString(out, c.getName());
                    RecordFormat.write(out, get(c, value), resolve(c.getGenericType(), type));
                }
            }

            @Override
            Object read(DataInput in, Type type) throws IOException {
                RecordComponent[] cs = raw(type).getRecordComponents();
                Object[] values = new Object[cs.length];
                for (int i = 0; i < cs.length; i++) {
                    String name = readString(in);
                    if (!cs[i].getName().equals(name)) {
                        throw new IOException(raw(type).getSimpleName() + "." + cs[i].getName() + " expected, "
                                + name + " found");
                    }
                    values[i] = RecordFormat.read(in, resolve(cs[i].getGenericType(), type));
                }
                return construct(raw(type), cs, values);
            }
        };

        abstract void write(DataOutput out, Object value, Type type) throws IOException;

        abstract Object read(DataInput in, Type type) throws IOException;

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
