/**
 * Building blocks of the IPC contract. A channel is a request/response command (renderer asks,
 * main answers); an event is a one-way message from main to the renderer (progress, changes).
 * Both carry zod schemas, so every payload is validated where it crosses the boundary and the
 * TypeScript types are inferred from the same definition.
 *
 * This file and everything under electron/ipc/ except server/ is compiled into the renderer:
 * it must stay browser-safe (zod only, no Node, no electron).
 */
import { z } from 'zod';

export interface ChannelSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  /** What the command does, for the README and for whoever adds a caller. */
  readonly summary: string;
  readonly args: A;
  readonly result: R;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly payload: P;
}

/** Declares a channel; the identity function keeps the literal schema types for inference. */
export function defineChannel<A extends z.ZodType, R extends z.ZodType>(
  spec: ChannelSpec<A, R>,
): ChannelSpec<A, R> {
  return spec;
}

export function defineEvent<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

/** Channels without arguments take an empty object, so every call has the same shape. */
export const noArgs = z.object({}).strict();
