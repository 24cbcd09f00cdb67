import type Database from "better-sqlite3";

export interface CubeShape {
  /** 0: the low-cardinality cube; k + 1: the cube of column k's values (its first dim). */
  cube: number;
  dims: readonly number[];
  measures: readonly number[];
}

export const cubeMeasure: {
  rows: string;
  count: (position: number) => string;
  sum: (position: number) => string;
  min: (position: number) => string;
  max: (position: number) => string;
};

export function createCube(db: Database.Database, source: string, target: string, plan: CubeShape): number;
