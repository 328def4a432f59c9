/**
 * What the offline run's mocks answer: outputs the kit's components read from their children
 * (ARNs, DNS names, VIPs) and invoke results (image look-ups), with obviously fake values.
 */
import type { MockCalls, MockOutputs } from "./recorder";

/** Outputs the kit's components read from their children, keyed by type token. */
export const mockOutputs: MockOutputs = (type, name) => {
  switch (type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return { arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/${name}/abc`, dnsName: `${name}.elb.amazonaws.com` };
    case "aws:lb/targetGroup:TargetGroup":
      return { arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/abc` };
    case "aws:ssm/parameter:Parameter":
      return { arn: `arn:aws:ssm:us-east-1:123456789012:parameter/${name}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::123456789012:role/${name}`, name };
    case "aws:iam/instanceProfile:InstanceProfile":
      return { arn: `arn:aws:iam::123456789012:instance-profile/${name}`, name };
    case "alicloud:alb/loadBalancer:LoadBalancer":
      return { dnsName: `${name}.cn-hangzhou.alb.aliyuncsslb.com` };
    case "alicloud:vpc/natGateway:NatGateway":
      return { snatTableIds: `stb-${name}`, forwardTableIds: `ftb-${name}` };
    case "alicloud:ecs/eipAddress:EipAddress":
      return { ipAddress: "203.0.113.20" };
    case "tencentcloud:Clb/instance:Instance":
      return { clbVips: ["203.0.113.20"], domain: `${name}.clb.tencentclb.com` };
    case "tencentcloud:Clb/listener:Listener":
      return { listenerId: `lbl-${name}` };
    case "volcengine:clb/clb:Clb":
      return { eipAddress: "198.51.100.30", eniAddress: "10.42.48.10" };
    case "volcengine:clb/listener:Listener":
      return { listenerId: `lsn-${name}` };
    case "volcengine:ecs/instance:Instance":
      return { instanceId: `i-${name}` };
    case "volcengine:autoscaling/scalingGroup:ScalingGroup":
      return { scalingGroupId: `scg-${name}` };
    case "volcengine:autoscaling/scalingConfiguration:ScalingConfiguration":
      return { scalingConfigurationId: `scc-${name}` };
    default:
      return {};
  }
};

/** Invoke results: image look-ups, availability zones, SSM parameters. */
export const mockCalls: MockCalls = (token, inputs) => {
  switch (token) {
    case "aws:ssm/getParameter:getParameter":
      return { ...inputs, value: "ami-0123456789abcdef0", type: "String" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const exclude = (inputs.excludeNames as string[] | undefined) ?? [];
      const names = ["us-east-1a", "us-east-1b", "us-east-1c"].filter((n) => !exclude.includes(n));
      return { ...inputs, names, zoneIds: names.map((n) => `use1-az${n.slice(-1)}`), groupNames: names, id: "us-east-1" };
    }
    case "aws:ec2/getVpc:getVpc":
      return { ...inputs, cidrBlock: "10.0.0.0/16" };
    case "alicloud:alb/getZones:getZones":
      return { ...inputs, ids: ["cn-hangzhou-j", "cn-hangzhou-k"], zones: [{ id: "cn-hangzhou-j", localName: "J" }, { id: "cn-hangzhou-k", localName: "K" }] };
    case "alicloud:vpc/getNetworks:getNetworks":
      return { ...inputs, vpcs: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vpcId: id, cidrBlock: "172.16.0.0/12" })) };
    case "alicloud:vpc/getSwitches:getSwitches":
      return {
        ...inputs,
        vswitches: ((inputs.ids as string[] | undefined) ?? []).map((id) => ({ id, vswitchId: id, cidrBlock: `172.16.${(id.charCodeAt(id.length - 1) % 16) * 16}.0/20`, zoneId: `cn-hangzhou-${id.slice(-1)}` })),
      };
    case "alicloud:ecs/getImages:getImages":
      return { ...inputs, ids: ["ubuntu_22_04_x64_20G_alibase_20260901.vhd"], images: [{ id: "ubuntu_22_04_x64_20G_alibase_20260901.vhd" }] };
    case "tencentcloud:Images/getInstance:getInstance":
      return { ...inputs, images: [{ imageId: "img-gpu-ubuntu2204", imageName: "Ubuntu Server 22.04 LTS 64bit GPU" }] };
    case "volcengine:ecs/getImages:getImages":
      return { ...inputs, images: [{ imageId: "image-ubuntu2204-gpu", imageName: "Ubuntu Server 22.04 GPU" }] };
    default:
      return inputs;
  }
};
