import type { Pool } from 'pg';

/** Everything the runtime keeps of some projections at a version: checkpoints, parked, standbys. */
export async function dropProjectionRows(
  pool: Pool,
  names: string[],
  version: number,
): Promise<void> {
  await pool.query(
    `WITH parked AS (DELETE FROM projection_parked WHERE name = ANY($1) AND version = $2),
          standbys AS (DELETE FROM projection_standbys WHERE name = ANY($1) AND version = $2)
     DELETE FROM projection_checkpoints WHERE name = ANY($1) AND version = $2`,
    [names, version],
  );
}
