/**
 * A minimal host value (a calendar day) for tests of code that must treat HostValue subclasses
 * generically: printing, JSON, equality and hashing.
 */
import { HostValue, type Value } from "../../src/lisp/values/index.ts";

/** A day as ISO text; prints as `#date "2024-01-31"`. */
export class Day extends HostValue {
  readonly typeName = "local-date";
  constructor(readonly iso: string) {
    super();
  }
  equals(other: Value): boolean {
    return other instanceof Day && other.iso === this.iso;
  }
  hashKey(): string {
    return this.iso;
  }
  print(): string {
    return `#date "${this.iso}"`;
  }
}
