/**
 * The suite's contracts as the console uses them: TypeChain's interface factories (ABIs only, no bytecode), bound to
 * the deployment's addresses.
 */
import type { ContractRunner } from "ethers";
import { IExchange__factory } from "../../typechain-types/factories/contracts/interfaces/IExchange.sol/IExchange__factory";
import { IIdentityRegistry__factory } from "../../typechain-types/factories/contracts/interfaces/IIdentityRegistry.sol/IIdentityRegistry__factory";
import { IPairRegistry__factory } from "../../typechain-types/factories/contracts/interfaces/IPairRegistry__factory";
import { IAuthorityTree__factory } from "../../typechain-types/factories/contracts/interfaces/IAuthorityTree__factory";
import { IERC20Metadata__factory } from "../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata__factory";
import type { ConsoleDeployment } from "./config";

export function suite(deployment: ConsoleDeployment, runner: ContractRunner) {
  const at = (name: string) => {
    const address = deployment.contracts[name];
    if (!address) throw new Error(`${name} is not in the deployment file`);
    return address;
  };
  return {
    venue: IExchange__factory.connect(at("Exchange"), runner),
    registry: IIdentityRegistry__factory.connect(at("IdentityRegistry"), runner),
    pairs: IPairRegistry__factory.connect(at("PairRegistry"), runner),
    tree: IAuthorityTree__factory.connect(at("AuthorityTree"), runner),
    token: (address: string) => IERC20Metadata__factory.connect(address, runner),
  };
}

export type Suite = ReturnType<typeof suite>;
