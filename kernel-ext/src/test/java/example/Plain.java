package example;

/** A record outside cmt's packages: the kernel leaves it to its default text rendering. */
public record Plain(long events) {
}
