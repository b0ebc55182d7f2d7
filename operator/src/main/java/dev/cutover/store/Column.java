package dev.cutover.store;

/**
 * A column of the target table, with its type as PostgreSQL's {@code format_type} names it
 * ({@code integer}, {@code numeric(12,2)}, {@code text[]}, {@code timestamp with time zone}).
 */
public record Column(String name, String type) {}
