package dev.cutover.worker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The widenings the preflight accepts, as a table: source type, target type, fits. */
class TypeWideningTest {
  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      integer                        | integer                        | true
      smallint                       | integer                        | true
      integer                        | bigint                         | true
      bigint                         | integer                        | false
      integer                        | numeric                        | true
      integer                        | numeric(12,2)                  | true
      integer                        | numeric(11,2)                  | false
      bigint                         | double precision               | false
      real                           | double precision               | true
      double precision               | real                           | false
      numeric(12,2)                  | numeric(14,4)                  | true
      numeric(12,2)                  | numeric(12,3)                  | false
      numeric(12,2)                  | numeric                        | true
      numeric                        | numeric(12,2)                  | false
      character varying(20)          | text                           | true
      character varying(20)          | character varying(40)          | true
      character varying(20)          | character varying(10)          | false
      character varying              | character varying(10)          | false
      text                           | character varying              | true
      text                           | character varying(255)         | false
      text                           | integer                        | false
      character(5)                   | character varying(5)           | true
      timestamp(3) without time zone | timestamp without time zone    | true
      timestamp without time zone    | timestamp(3) without time zone | false
      timestamp without time zone    | timestamp with time zone       | false
      integer[]                      | bigint[]                       | true
      integer[]                      | bigint                         | false
      json                           | jsonb                          | false
      uuid                           | text                           | false
      """)
  void fits(String source, String target, boolean fits) {
    assertThat(TypeWidening.fits(source, target)).isEqualTo(fits);
  }
}
