/**
 * The environment every service needs to run against the test servers: where Kafka, the database and
 * Redis are, how to verify tokens, and (optionally) the namespace that isolates it from other runs.
 */
export function serviceEnv(options: { issuer: string; audience: string; jwksFile: string; namespace?: string }): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    MONGO_URL: process.env.MONGO_URL!,
    REDIS_URL: process.env.REDIS_URL!,
    JWT_ISSUER: options.issuer,
    JWT_AUDIENCE: options.audience,
    JWT_JWKS_FILE: options.jwksFile,
    ...(options.namespace ? { NAMESPACE: options.namespace } : {}),
  };
}
