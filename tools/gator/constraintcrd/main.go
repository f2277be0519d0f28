// Command constraintcrd prints, for each ConstraintTemplate file it is given, the
// CustomResourceDefinition that Gatekeeper creates for the template's Constraints: the
// constraint framework's CreateSchema and CreateCRD with Gatekeeper's admission target,
// as the pinned Gatekeeper module does them, in apiextensions.k8s.io/v1, one JSON document
// per line. tests/gatekeeper compares them with the CRDs manifest_lint.gatekeeper builds.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/open-policy-agent/frameworks/constraint/pkg/client/crds"
	"github.com/open-policy-agent/gatekeeper/v3/apis"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/reader"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/target"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func crdOf(scheme *runtime.Scheme, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	u, err := reader.ReadUnstructured(data)
	if err != nil {
		return nil, err
	}
	templ, err := reader.ToTemplate(scheme, u)
	if err != nil {
		return nil, err
	}
	crd, err := crds.CreateCRD(templ, crds.CreateSchema(templ, &target.K8sValidationTarget{}))
	if err != nil {
		return nil, err
	}
	v1 := &apiextensionsv1.CustomResourceDefinition{}
	if err := scheme.Convert(crd, v1, nil); err != nil {
		return nil, err
	}
	v1.APIVersion, v1.Kind = "apiextensions.k8s.io/v1", "CustomResourceDefinition"
	return json.Marshal(v1)
}

func main() {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{apis.AddToScheme, apiextensions.AddToScheme, apiextensionsv1.AddToScheme} {
		if err := add(scheme); err != nil {
			fmt.Fprintln(os.Stderr, "constraintcrd:", err)
			os.Exit(2)
		}
	}
	for _, path := range os.Args[1:] {
		out, err := crdOf(scheme, path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "constraintcrd: %s: %v\n", path, err)
			os.Exit(1)
		}
		fmt.Println(string(out))
	}
}
