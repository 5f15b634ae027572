/** kafkajs' request queue (one per broker connection): internal, untyped; see request-queue-idle.ts. */
declare module 'kafkajs/src/network/requestQueue' {
  const RequestQueue: { prototype: object };
  export = RequestQueue;
}
