import { describeLegacyCmsContract } from './legacy-cms.contract-suite.js';
import { startStandInWorld } from './stand-in-world.js';

/** The real adapter over the stand-in (node-soap, GraphQL, file store over HTTP): the truth the fake is held to. */
describeLegacyCmsContract('LegacyCmsAdapter over the stand-in', async () => {
  const running = await startStandInWorld();
  return running.worldOver(running.adapter);
});
